package com.notionrelay.cli;

import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionId;
import com.notionrelay.setup.InitException;
import com.notionrelay.setup.WorkspaceInit;
import com.notionrelay.route.Routes;
import com.notionrelay.setup.WorkspaceSchema;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code init}: runs {@link WorkspaceInit} and prints what it made and the two settings to paste. */
final class InitCommand {

    /** The id at the end of a Notion page URL (…/Title-2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b?pvs=4), dashed or not. */
    private static final Pattern ID_IN_URL = Pattern.compile(
            "([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9a-fA-F])");

    private final NotionApi notion;
    private final Routes routes;
    private final PrintWriter out;
    private final PrintWriter err;

    InitCommand(NotionApi notion, Routes routes, PrintWriter out, PrintWriter err) {
        this.notion = notion;
        this.routes = routes;
        this.out = out;
        this.err = err;
    }

    /** A page id as given, or the last id in a pasted URL. */
    static Optional<NotionId> pageId(String raw) {
        Optional<NotionId> plain = NotionId.parse(raw);
        if (plain.isPresent() || raw == null) {
            return plain;
        }
        String path = raw.split("[?#]")[0];
        Matcher m = ID_IN_URL.matcher(path);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return NotionId.parse(last);
    }

    /** @return the exit code: 0 done, 1 refused or failed (the message says why and what to do) */
    int run(NotionId parent) {
        WorkspaceInit.Result r;
        try {
            r = new WorkspaceInit(notion, WorkspaceSchema.of(routes)).run(parent);
        } catch (InitException e) {
            err.println("notion-relay: init: " + e.getMessage());
            return 1;
        }
        for (WorkspaceInit.Made m : new WorkspaceInit.Made[] {r.demos(), r.interactions()}) {
            out.printf("%-13s database %s (data source %s): %s%n", m.title() + ":", m.databaseId(), m.dataSourceId(),
                    m.created() ? "created" : m.added().isEmpty() ? "found, complete"
                            : "found, added " + String.join(", ", m.added()));
        }
        r.notes().forEach(n -> out.println("note: " + n));
        out.println();
        out.println("Set these two lines in the relay's environment (or notion.demos_db and notion.interactions_db "
                + "in config/relay.properties), then start it:");
        out.println("export NOTION_DEMOS_DB=" + r.demos().databaseId());
        out.println("export NOTION_INTERACTIONS_DB=" + r.interactions().databaseId());
        return 0;
    }
}
