package com.notionrelay.notion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotionIdTest {

    @Test
    void acceptsDashedAndUndashedInAnyCase() {
        String dashed = "2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b";
        assertEquals(dashed, NotionId.parse("2F1C8A9E4B7D4E0F9A3B6C5D4E3F2A1B").orElseThrow().value());
        assertEquals(dashed, NotionId.parse(" " + dashed + " ").orElseThrow().value());
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {null, "", "demo-42", "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1", "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1bz",
                "zz1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b", "2f1c8a9e-4b7d4e0f-9a3b-6c5d4e3f2a1b"}) {
            assertTrue(NotionId.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void theRecordHoldsOnlyTheDashedLowerCaseForm() {
        assertEquals("2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b", new NotionId("2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1b").value());
        for (String bad : new String[] {null, "2F1C8A9E-4B7D-4E0F-9A3B-6C5D4E3F2A1B", "2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b",
                "2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1g", "2f1c8a9e-4b7d-4e0f-9a3b_6c5d4e3f2a1b", "-2f1c8a9e-4b7d-4e0f-9a3b-6c5d4e3f2a1"}) {
            assertThrows(IllegalArgumentException.class, () -> new NotionId(bad), String.valueOf(bad));
        }
    }
}
