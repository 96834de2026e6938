package com.notionrelay.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.route.RouteFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What init creates follows the route modules: the shipped ones give the documented schema, renames follow. */
class WorkspaceSchemaTest {

    @TempDir
    Path dir;

    @Test
    void theShippedModulesGiveTheDocumentedSchema() {
        WorkspaceSchema s = WorkspaceSchema.of(RouteFiles.shipped());
        assertEquals(Map.of("Name", "title", "Event ID", "rich_text", "Action", "select", "Route", "select",
                "Session", "rich_text", "Guest", "rich_text", "Guest email", "email", "Occurred at", "date",
                "Payload", "rich_text"), s.interactions());
        assertEquals("Demo", s.demoRelation());
        assertEquals(Map.of("Viewing", "checkbox", "Last viewed", "date", "Current viewer", "rich_text"), s.demos());
        assertEquals("prop(\"Interactions\").map(current.prop(\"Name\")).join(\", \")", s.logFormula());
        assertEquals(List.of(), s.skipped());
    }

    @Test
    void aRenamedTitleAndRelationFollowTheSharedMappingAndTheFormulaShowsTheNewTitle() throws IOException {
        Files.writeString(dir.resolve(RouteFiles.SHARED_PAGE), """
                {"key_property": "Event", "properties": {
                  "What": {"type": "title", "value": "{{action}}"},
                  "Event": {"type": "rich_text", "value": "{{event_id}}"},
                  "For demo": {"type": "relation", "value": "{{demo_id}}"},
                  "Stage": {"type": "status", "value": "{{properties.stage}}"}}}""");
        WorkspaceSchema s = WorkspaceSchema.of(RouteFiles.load(dir));
        assertEquals(Map.of("What", "title", "Event", "rich_text"), s.interactions());
        assertEquals("For demo", s.demoRelation());
        assertEquals("prop(\"Interactions\").map(current.prop(\"What\")).join(\", \")", s.logFormula());
        assertEquals(List.of("Interactions.Stage (status): the Notion API cannot create status properties; add it by hand"),
                s.skipped());
    }

    @Test
    void twoModulesWritingOnePropertyWithTwoTypesAreRefused() throws IOException {
        Files.writeString(dir.resolve("odd.json"), """
                {"name": "odd", "path": "/example/odd", "interaction_page": {"key_property": "Event ID", "properties": {
                  "Name": {"type": "title", "value": "{{action}}"},
                  "Event ID": {"type": "rich_text", "value": "{{event_id}}"},
                  "Action": {"type": "rich_text", "value": "{{action}}"}}}}""");
        InitException e = assertThrows(InitException.class, () -> WorkspaceSchema.of(RouteFiles.load(dir)));
        assertTrue(e.getMessage().contains("Interactions.Action as "), e.getMessage());
    }
}
