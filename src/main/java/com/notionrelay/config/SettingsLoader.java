package com.notionrelay.config;

import com.notionrelay.notion.NotionId;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads settings in three layers: built-in defaults, then a properties file, then environment
 * variables (the key upper-cased, dots as underscores). Each value is checked here, once, so a
 * bad one stops start-up with a line naming it instead of failing later mid-delivery.
 */
public final class SettingsLoader {

    /** The default file, relative to the working directory; absent is fine (defaults apply). */
    public static final Path DEFAULT_FILE = Path.of("config", "relay.properties");

    /** Every setting and its default; {@code config/relay.properties} documents the same list. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Set<String> SUPPORTED_VERSIONS = Set.of("2026-03-11", "2025-09-03");

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("relay.port", "8080");
        d.put("relay.db", "data/relay.db");
        d.put("notion.token", "");
        d.put("notion.base_url", "https://api.notion.com");
        d.put("notion.version", "2026-03-11");
        d.put("notion.rate_limit", "3");
        d.put("notion.interactions_db", "");
        d.put("notion.demos_db", "");
        d.put("notion.webhook_verification_token", "");
        d.put("relay.webhook_secret", "");
        d.put("relay.admin_token", "");
        d.put("relay.allowed_origins", "");
        d.put("relay.sync_interval", "300");
        d.put("notion.connect_timeout", "10");
        d.put("notion.read_timeout", "30");
        d.put("relay.delivery_workers", "4");
        d.put("relay.max_attempts", "12");
        d.put("relay.max_age", "259200");
        d.put("relay.shutdown_grace", "20");
        d.put("relay.retry_base_delay_ms", "5000");
        d.put("relay.operator_probe_interval", "30");
        d.put("relay.routes_dir", "routes");
        d.put("relay.sync_sources", "");
        d.put("relay.intake_rate", "20");
        d.put("relay.intake_burst", "100");
        d.put("relay.trusted_proxies", "");
        d.put("relay.public_properties", "Name,Action,Route,Occurred at");
        d.put("relay.accept_unknown_demos", "false");
        d.put("relay.frame_ancestors", "");
        d.put("relay.intake_commit_timeout_ms", "2000");
        d.put("relay.http_idle_timeout_ms", "30000");
        d.put("relay.intake_batch_max", "256");
        d.put("relay.intake_batch_wait_us", "0");
        d.put("relay.index_lag", "30");
        return Map.copyOf(d);
    }

    private final Map<String, String> environment;

    public SettingsLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * @param file the properties file; when {@code explicit} is false a missing file just means defaults.
     */
    public Settings load(Path file, boolean explicit) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (Files.exists(file)) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new InvalidSettingException("--config", file.toString(), "cannot be read: " + e.getMessage());
            }
            for (String key : props.stringPropertyNames()) {
                if (!DEFAULTS.containsKey(key)) {
                    throw new InvalidSettingException(key, null, "unknown setting in " + file);
                }
                values.put(key, props.getProperty(key).trim());
            }
        } else if (explicit) {
            throw new InvalidSettingException("--config", file.toString(), "file does not exist");
        }
        for (String key : DEFAULTS.keySet()) {
            String env = environment.get(envName(key));
            if (env != null) {
                values.put(key, env.trim());
            }
        }
        return parse(values);
    }

    private static Settings parse(Map<String, String> v) {
        String version = v.get("notion.version");
        if (!SUPPORTED_VERSIONS.contains(version)) {
            throw new InvalidSettingException("notion.version", version, "must be one of " + SUPPORTED_VERSIONS);
        }
        String baseUrl = v.get("notion.base_url");
        if (!baseUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
            throw new InvalidSettingException("notion.base_url", baseUrl, "must be an http(s) URL");
        }
        double rate = number(v, "notion.rate_limit", false);
        return new Settings(
                intInRange(v, "relay.port", 0, 65535),
                Path.of(nonEmpty(v, "relay.db")),
                optional(v, "notion.token"),
                baseUrl.replaceAll("/+$", ""),
                version,
                rate,
                optionalId(v, "notion.interactions_db"),
                optionalId(v, "notion.demos_db"),
                optional(v, "notion.webhook_verification_token"),
                optional(v, "relay.webhook_secret"),
                optional(v, "relay.admin_token"),
                list(v, "relay.allowed_origins"),
                Duration.ofSeconds(intInRange(v, "relay.sync_interval", 0, Integer.MAX_VALUE)),
                Duration.ofSeconds(intInRange(v, "notion.connect_timeout", 1, 600)),
                Duration.ofSeconds(intInRange(v, "notion.read_timeout", 1, 600)),
                intInRange(v, "relay.delivery_workers", 1, 64),
                intInRange(v, "relay.max_attempts", 1, 1000),
                Duration.ofSeconds(intInRange(v, "relay.max_age", 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(intInRange(v, "relay.shutdown_grace", 1, 600)),
                Duration.ofMillis(intInRange(v, "relay.retry_base_delay_ms", 10, 3_600_000)),
                Duration.ofSeconds(intInRange(v, "relay.operator_probe_interval", 1, 86_400)),
                Path.of(nonEmpty(v, "relay.routes_dir")),
                idList(v, "relay.sync_sources"),
                number(v, "relay.intake_rate", true),
                intInRange(v, "relay.intake_burst", 0, 1_000_000),
                list(v, "relay.trusted_proxies"),
                list(v, "relay.public_properties"),
                bool(v, "relay.accept_unknown_demos"),
                list(v, "relay.frame_ancestors"),
                Duration.ofMillis(intInRange(v, "relay.intake_commit_timeout_ms", 10, 60_000)),
                intInRange(v, "relay.intake_batch_max", 1, 10_000),
                Duration.ofNanos(1000L * intInRange(v, "relay.intake_batch_wait_us", 0, 1000)),
                Duration.ofSeconds(intInRange(v, "relay.index_lag", 0, 3600)),
                Duration.ofMillis(intInRange(v, "relay.http_idle_timeout_ms", 100, 3_600_000)));
    }

    /** Comma-separated values, trimmed, empty ones dropped. */
    private static List<String> list(Map<String, String> v, String key) {
        return Arrays.stream(v.get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(Map<String, String> v, String key) {
        String raw = v.get(key).toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new InvalidSettingException(key, v.get(key), "must be true or false");
        }
        return raw.equals("true");
    }


    private static int intInRange(Map<String, String> v, String key, int min, int max) {
        String raw = v.get(key);
        int n;
        try {
            n = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, raw, "must be a whole number");
        }
        if (n < min || n > max) {
            throw new InvalidSettingException(key, raw, "must be between " + min + " and " + max);
        }
        return n;
    }

    /** A finite number above 0, or from 0 when {@code zeroAllowed} (0 meaning "off"). */
    private static double number(Map<String, String> v, String key, boolean zeroAllowed) {
        String raw = v.get(key);
        double d;
        try {
            d = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, raw, "must be a number");
        }
        boolean inRange = zeroAllowed ? d >= 0 : d > 0;
        if (!inRange || Double.isInfinite(d)) {
            throw new InvalidSettingException(key, raw, zeroAllowed ? "must be 0 or more" : "must be greater than 0");
        }
        return d;
    }

    private static String nonEmpty(Map<String, String> v, String key) {
        String raw = v.get(key);
        if (raw.isEmpty()) {
            throw new InvalidSettingException(key, raw, "must not be empty");
        }
        return raw;
    }

    private static Optional<String> optional(Map<String, String> v, String key) {
        String raw = v.get(key);
        return raw.isEmpty() ? Optional.empty() : Optional.of(raw);
    }

    private static Optional<NotionId> optionalId(Map<String, String> v, String key) {
        String raw = v.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NotionId.parse(raw).orElseThrow(() -> new InvalidSettingException(key, raw,
                "must be a Notion id: 32 hexadecimal digits, dashed or not")));
    }

    /** Comma-separated Notion ids; each must parse, and the error names the bad one. */
    private static List<NotionId> idList(Map<String, String> v, String key) {
        String raw = v.get(key);
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> NotionId.parse(s).orElseThrow(() -> new InvalidSettingException(key, raw,
                        "'" + s + "' is not a Notion id: 32 hexadecimal digits, dashed or not")))
                .toList();
    }

    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }
}
