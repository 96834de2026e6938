package com.notionrelay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** How each property type renders as text in a lookup (the rules the README lists). */
class PropertyTextTest {

    private static PropertyText of(String json) {
        return PropertyText.of(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void textTypesRenderTheirPlainText() {
        assertEquals("Ada Lovelace", of("{\"type\":\"title\",\"title\":[{\"plain_text\":\"Ada \"},{\"plain_text\":\"Lovelace\"}]}").text());
        assertEquals("", of("{\"type\":\"rich_text\",\"rich_text\":[]}").text());
        assertEquals("ada@example.com", of("{\"type\":\"email\",\"email\":\"ada@example.com\"}").text());
        assertEquals("", of("{\"type\":\"url\",\"url\":null}").text());
    }

    @Test
    void choicesRenderTheirNames() {
        assertEquals("clicked", of("{\"type\":\"select\",\"select\":{\"name\":\"clicked\"}}").text());
        assertEquals("", of("{\"type\":\"select\",\"select\":null}").text());
        assertEquals("Done", of("{\"type\":\"status\",\"status\":{\"name\":\"Done\"}}").text());
        assertEquals("a, b", of("{\"type\":\"multi_select\",\"multi_select\":[{\"name\":\"a\"},{\"name\":\"b\"}]}").text());
    }

    @Test
    void numbersAndCheckboxesRenderPlainlyAndSortAsNumbers() {
        PropertyText whole = of("{\"type\":\"number\",\"number\":3.0}");
        assertEquals("3", whole.text());
        assertEquals(3.0, whole.number());
        assertEquals("0.25", of("{\"type\":\"number\",\"number\":0.25}").text());
        assertNull(of("{\"type\":\"number\",\"number\":null}").number());
        PropertyText box = of("{\"type\":\"checkbox\",\"checkbox\":true}");
        assertEquals("true", box.text());
        assertEquals(1.0, box.number());
    }

    @Test
    void datesRenderTheirStartAndARangeItsEnd() {
        assertEquals("2026-11-22T10:15:00Z", of("{\"type\":\"date\",\"date\":{\"start\":\"2026-11-22T10:15:00Z\",\"end\":null}}").text());
        assertEquals("2026-11-22 → 2026-11-24", of("{\"type\":\"date\",\"date\":{\"start\":\"2026-11-22\",\"end\":\"2026-11-24\"}}").text());
    }

    @Test
    void formulasRollupsAndIdsRenderTheirValue() {
        assertEquals("a, b", of("{\"type\":\"formula\",\"formula\":{\"type\":\"string\",\"string\":\"a, b\"}}").text());
        assertEquals("false", of("{\"type\":\"formula\",\"formula\":{\"type\":\"boolean\",\"boolean\":false}}").text());
        assertEquals("12", of("{\"type\":\"rollup\",\"rollup\":{\"type\":\"number\",\"number\":12}}").text());
        assertEquals("DEMO-7", of("{\"type\":\"unique_id\",\"unique_id\":{\"prefix\":\"DEMO\",\"number\":7}}").text());
        JsonObject people = JsonParser.parseString("{\"type\":\"people\",\"people\":[{\"id\":\"u1\",\"name\":\"Ada\"},{\"id\":\"u2\"}]}").getAsJsonObject();
        assertEquals("Ada, u2", PropertyText.of(people).text());
    }
}
