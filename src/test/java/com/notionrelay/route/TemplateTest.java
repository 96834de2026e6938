package com.notionrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final JsonObject event = JsonParser.parseString("""
            {"action": "viewed pricing", "guest": {"name": "Ada"}, "properties": {"viewing": false, "seats": 3,
             "tags": ["a", "b"], "empty": ""}}""").getAsJsonObject();

    @Test
    void fillsDottedPathsAndKeepsLiteralText() {
        assertEquals("Ada viewed pricing!", Template.parse("{{guest.name}} {{action}}!").text(event));
        assertEquals("b", Template.parse("{{properties.tags.1}}").text(event));
        assertEquals("3 seats", Template.parse("{{properties.seats}} seats").text(event));
    }

    @Test
    void aFallbackStandsInForAMissingOrEmptyValue() {
        assertEquals("Hi there", Template.parse("Hi {{guest.email|there}}").text(event));
        assertEquals("none", Template.parse("{{properties.empty|none}}").text(event));
        assertEquals("Hi ", Template.parse("Hi {{guest.email}}").text(event));
        assertNull(Template.parse("{{guest.email}}").value(event));
    }

    @Test
    void aSolePlaceholderKeepsTheValuesType() {
        assertTrue(Template.parse("{{properties.viewing}}").value(event).getAsJsonPrimitive().isBoolean());
        assertTrue(Template.parse("{{properties.tags}}").value(event).isJsonArray());
        assertEquals("false!", Template.parse("{{properties.viewing}}!").value(event).getAsString());
        assertEquals(Optional.of("properties.viewing"), Template.parse("{{ properties.viewing }}").soleField());
        assertEquals(Optional.empty(), Template.parse("x {{action}}").soleField());
        assertEquals(List.of("guest", "action"), Template.parse("{{guest.name}} {{action}}").roots());
    }

    @Test
    void badTemplatesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.parse("Hi {{guest.name"))
                .getMessage().contains("never closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.parse("Hi }} there"))
                .getMessage().contains("without an opening"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.parse("{{}}"))
                .getMessage().contains("dotted path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Template.parse("{{a|{{b}}}}"))
                .getMessage().contains("nest"));
    }
}
