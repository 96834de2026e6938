package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand check for stored timestamps accepts only what the ISO parser accepts as it is. */
class PlainDateTimeTest {

    @Test
    void acceptsTheShapesAStoredOccurredAtHas() {
        for (String v : new String[] {"2026-11-22T10:15Z", "2026-11-22T10:15:07Z", "2026-11-22T10:15:07.1Z",
                "2026-11-22T10:15:07.120Z", "2024-02-29T23:59:59.999Z", "0001-01-01T00:00Z"}) {
            assertTrue(PropertyValues.isPlainUtcDateTime(v), v);
            assertEquals(Optional.of(v), PropertyValues.notionDate(v));
        }
    }

    @Test
    void leavesEverythingElseToTheIsoParser() {
        for (String v : new String[] {"2025-02-29T10:15Z", "2026-13-01T10:15Z", "2026-11-31T10:15Z", "2026-11-22T24:00Z",
                "2026-11-22T10:60Z", "2026-11-22T10:15:60Z", "0000-01-01T00:00Z", "2026-11-22T10:15:07.1234Z",
                "2026-11-22T10:15:07.Z", "2026-11-22 10:15Z", "2026-11-22T10:15+01:00", "2026-11-22T10:15z",
                "2026-11-22", "+12026-11-22T10:15Z", "2026-1-22T10:15:00Z"}) {
            assertFalse(PropertyValues.isPlainUtcDateTime(v), v);
        }
        // the slow path still answers as before
        assertEquals(Optional.of("2026-11-22T10:15:07.123Z"), PropertyValues.notionDate("2026-11-22T10:15:07.1234Z"));
        assertEquals(Optional.empty(), PropertyValues.notionDate("2025-02-29T10:15Z"));
    }

    @Test
    void neverAcceptsWhatTheIsoParserRefusesOrWouldChange() {
        Random random = new Random(11);
        String base = "2024-02-29T23:59:59.999Z";
        String alphabet = "0123456789-:.TZ+ ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder(base);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String v = sb.toString();
            if (PropertyValues.isPlainUtcDateTime(v)) {
                TemporalAccessor t = parse(v);
                assertTrue(t != null && t.get(ChronoField.YEAR) >= 1 && !v.matches(".*\\.\\d{4,}.*"), v);
            }
        }
    }

    private static TemporalAccessor parse(String v) {
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
