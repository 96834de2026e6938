package com.notionrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private Settings load(Map<String, String> env) {
        return new SettingsLoader(env).load(dir.resolve("absent.properties"), false);
    }

    @Test
    void defaultsApplyWithoutFileOrEnvironment() {
        Settings s = load(Map.of());
        assertEquals(8080, s.port());
        assertEquals(Path.of("data/relay.db"), s.databaseFile());
        assertEquals("https://api.notion.com", s.notionBaseUrl());
        assertEquals("2026-03-11", s.notionVersion());
        assertEquals(3.0, s.notionRateLimit());
        assertTrue(s.notionToken().isEmpty());
        assertEquals(300, s.syncInterval().toSeconds());
    }

    @Test
    void environmentOverridesFileWhichOverridesDefaults() throws IOException {
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, "relay.port=9000\nnotion.rate_limit=2\n");
        Settings s = new SettingsLoader(Map.of("RELAY_PORT", "9100",
                "NOTION_INTERACTIONS_DB", "0123456789ABCDEF0123456789abcdef")).load(file, true);
        assertEquals(9100, s.port());
        assertEquals(2.0, s.notionRateLimit());
        assertEquals("01234567-89ab-cdef-0123-456789abcdef", s.interactionsDb().orElseThrow().value());
    }

    @Test
    void badValuesStopStartUpWithOneLineNamingTheSetting() {
        InvalidSettingException port = assertThrows(InvalidSettingException.class, () -> load(Map.of("RELAY_PORT", "abc")));
        assertEquals("setting relay.port (RELAY_PORT) = 'abc': must be a whole number", port.getMessage());

        InvalidSettingException id = assertThrows(InvalidSettingException.class,
                () -> load(Map.of("NOTION_DEMOS_DB", "not-an-id")));
        assertTrue(id.getMessage().startsWith("setting notion.demos_db (NOTION_DEMOS_DB) = 'not-an-id': must be a Notion id"),
                id.getMessage());

        InvalidSettingException rate = assertThrows(InvalidSettingException.class,
                () -> load(Map.of("NOTION_RATE_LIMIT", "0")));
        assertEquals("setting notion.rate_limit (NOTION_RATE_LIMIT) = '0': must be greater than 0", rate.getMessage());

        assertThrows(InvalidSettingException.class, () -> load(Map.of("NOTION_VERSION", "2022-06-28")));
        assertThrows(InvalidSettingException.class, () -> load(Map.of("RELAY_PORT", "70000")));
        for (InvalidSettingException e : new InvalidSettingException[] {port, id, rate}) {
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void unknownKeyInFileAndMissingExplicitFileAreRefused() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "relay.prot=9000\n");
        InvalidSettingException typo = assertThrows(InvalidSettingException.class,
                () -> new SettingsLoader(Map.of()).load(file, true));
        assertTrue(typo.getMessage().contains("relay.prot"));
        assertThrows(InvalidSettingException.class, () -> new SettingsLoader(Map.of()).load(dir.resolve("nope"), true));
    }

    @Test
    void shippedPropertiesFileDocumentsEverySettingWithItsDefault() throws IOException {
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("config", "relay.properties"))) {
            shipped.load(r);
        }
        assertEquals(SettingsLoader.DEFAULTS.keySet(), shipped.stringPropertyNames());
        for (Map.Entry<String, String> e : SettingsLoader.DEFAULTS.entrySet()) {
            assertEquals(e.getValue(), shipped.getProperty(e.getKey()), e.getKey());
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        Settings s = load(Map.of("NOTION_TOKEN", "secret_abc123", "RELAY_ADMIN_TOKEN", "adm1n"));
        assertFalse(s.toString().contains("secret_abc123"));
        assertFalse(s.toString().contains("adm1n"));
    }

    @Test
    void syncSourcesAreCommaSeparatedIdsAndABadOneIsNamed() {
        Settings s = load(Map.of("RELAY_SYNC_SOURCES", " 0123456789abcdef0123456789abcdef, 11111111-2222-3333-4444-555555555555 ,"));
        assertEquals(2, s.syncSources().size());
        assertEquals("01234567-89ab-cdef-0123-456789abcdef", s.syncSources().get(0).value());
        assertTrue(load(Map.of()).syncSources().isEmpty());

        InvalidSettingException bad = assertThrows(InvalidSettingException.class,
                () -> load(Map.of("RELAY_SYNC_SOURCES", "0123456789abcdef0123456789abcdef,nope")));
        assertTrue(bad.getMessage().startsWith("setting relay.sync_sources (RELAY_SYNC_SOURCES)"), bad.getMessage());
        assertTrue(bad.getMessage().contains("'nope' is not a Notion id"), bad.getMessage());
    }
}
