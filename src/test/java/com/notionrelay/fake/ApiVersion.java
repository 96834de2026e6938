package com.notionrelay.fake;

import java.util.Arrays;
import java.util.Optional;

/** The Notion-Version values the fake accepts, with the differences it models. */
enum ApiVersion {
    V2022_06_28("2022-06-28"),
    V2025_09_03("2025-09-03"),
    V2026_03_11("2026-03-11");

    static final ApiVersion LATEST = V2026_03_11;

    final String header;

    ApiVersion(String header) {
        this.header = header;
    }

    static Optional<ApiVersion> parse(String header) {
        return Arrays.stream(values()).filter(v -> v.header.equals(header)).findFirst();
    }

    /** From 2025-09-03 databases are containers and queries/schemas live on data sources. */
    boolean hasDataSources() {
        return this != V2022_06_28;
    }

    /** 2026-03-11 removed the deprecated "archived" field (requests and responses) and "after". */
    boolean hasArchivedField() {
        return this != V2026_03_11;
    }
}
