package com.notionrelay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.store.JobKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped route files load (from the class path), a directory adds and overrides, and a broken one is refused naming its file, key and problem. */
class RouteFilesTest {

    @TempDir
    Path dir;

    static final String MINIMAL = """
            {"name": "mini", "path": "/example/mini",
             "interaction_page": {"key_property": "Event ID", "properties": {
               "Name": {"type": "title", "value": "{{action}}"},
               "Event ID": {"type": "rich_text", "value": "{{event_id}}"}}}
             %s}""";

    private String refusal(String content) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, content);
        return assertThrows(RouteFileException.class, () -> RouteFiles.load(dir)).getMessage();
    }

    @Test
    void theSixShippedModulesLoadWithTheirEffects() {
        Routes routes = RouteFiles.shipped();
        assertEquals(List.of("callout", "child-pages", "database-page", "database-pages", "guest-welcome", "property-injections"),
                routes.all().stream().map(RouteModule::name).sorted().toList());
        assertEquals(List.of(JobKind.INTERACTION_PAGE), routes.of("database-page").jobsForEveryEvent());
        assertEquals(100, routes.of("database-pages").maxBatch());
        assertEquals(List.of(JobKind.INTERACTION_PAGE, JobKind.CHILD_PAGE), routes.of("child-pages").jobsForEveryEvent());
        assertEquals(List.of(JobKind.INTERACTION_PAGE, JobKind.CALLOUT), routes.of("callout").jobsForEveryEvent());
        assertEquals(List.of(JobKind.INTERACTION_PAGE), routes.of("guest-welcome").jobsForEveryEvent());
        assertEquals(Optional.of(JobKind.CALLOUT), routes.of("guest-welcome").firstVisitJob());
        assertEquals(List.of(JobKind.INTERACTION_PAGE, JobKind.DEMO_PROPERTIES),
                routes.of("property-injections").jobsForEveryEvent());
    }

    @Test
    void everyShippedFileIsListed() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("routes"))) {
            assertEquals(RouteSources.SHIPPED.stream().sorted().toList(), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals(RouteFiles.SHARED_PAGE)).sorted().toList(),
                    "a resource can't be listed from inside a jar, so RouteSources.SHIPPED names each one");
        }
    }

    @Test
    void theShippedModulesShareOneInteractionsPageMapping() {
        Routes routes = RouteFiles.shipped();
        InteractionPage shared = routes.of("database-page").interactionPage();
        assertEquals(List.of("Name", "Event ID", "Action", "Route", "Demo", "Session", "Guest", "Guest email",
                "Occurred at", "Payload"), shared.properties().mappings().stream().map(PropertyMapping::name).toList());
        routes.all().forEach(m -> assertSame(shared, m.interactionPage(), m.name()));
    }

    @Test
    void aMissingDefaultDirectoryMeansTheShippedModulesAlone() {
        assertEquals(6, RouteFiles.load(dir.resolve("routes"), false).all().size());
        assertEquals(6, RouteFiles.load(dir).all().size(), "an empty directory adds nothing");
    }

    @Test
    void aFileReplacesTheShippedOneOfTheSameNameAndOthersAreAdded() throws IOException {
        Files.writeString(dir.resolve("callout.json"), """
                {"name": "callout", "path": "/example/callout",
                 "effect": {"type": "callout", "emoji": "🎉", "text": "{{action}}!"}}""");
        Files.writeString(dir.resolve("mini.json"), MINIMAL.formatted(""));
        Routes routes = RouteFiles.load(dir);
        assertEquals(7, routes.all().size());
        assertEquals(dir.resolve("callout.json").toString(), routes.of("callout").file());
        assertEquals(List.of(), routes.of("callout").fields(), "the shipped file's fields are gone with it");
        assertEquals(List.of("Name", "Event ID"), routes.of("mini").interactionPage().properties().mappings().stream()
                .map(PropertyMapping::name).toList(), "a module's own mapping replaces the shared one");
        assertEquals("routes/guest-welcome.json (built in)", routes.of("guest-welcome").file());
    }

    @Test
    void renamingOneInteractionsPropertyIsOneFile() throws IOException {
        Files.writeString(dir.resolve(RouteFiles.SHARED_PAGE), """
                {"key_property": "Event ID", "properties": {
                  "Title": {"type": "title", "value": "{{action}} by {{guest.name|a guest}}"},
                  "Event ID": {"type": "rich_text", "value": "{{event_id}}"},
                  "Demo": {"type": "relation", "value": "{{demo_id}}"}}}""");
        Routes routes = RouteFiles.load(dir);
        for (RouteModule m : routes.all()) {
            assertEquals(List.of("Title", "Event ID", "Demo"), m.interactionPage().properties().mappings().stream()
                    .map(PropertyMapping::name).toList(), m.name());
        }
    }

    @Test
    void aBrokenSharedMappingIsNamed() throws IOException {
        Path file = dir.resolve(RouteFiles.SHARED_PAGE);
        Files.writeString(file, "{\"key_property\": \"Event ID\", \"properties\": {\"Event ID\": {\"type\": \"formula\", \"value\": \"x\"}}}");
        assertTrue(assertThrows(RouteFileException.class, () -> RouteFiles.load(dir)).getMessage()
                .startsWith("route file " + file + ", key properties.Event ID.type: 'formula' cannot be written"));
    }

    @Test
    void aMinimalFileLoads() throws IOException {
        Files.writeString(dir.resolve("mini.json"), MINIMAL.formatted(""));
        assertEquals("/example/mini", RouteFiles.load(dir).of("mini").path());
    }

    @Test
    void brokenFilesNameFileKeyAndProblem() throws IOException {
        String file = dir.resolve("broken.json").toString();
        assertEquals("route file " + file + ", key effect.emojii: is not a known key here (known: color, emoji, "
                        + "first_visit_of, text, type)",
                refusal(MINIMAL.formatted(", \"effect\": {\"type\": \"callout\", \"text\": \"hi\", \"emojii\": \"x\"}")));
        assertTrue(refusal(MINIMAL.formatted(", \"effect\": {\"type\": \"callout\", \"text\": \"Hi {{gust.name}}\"}"))
                .startsWith("route file " + file + ", key effect.text: template reads 'gust'"));
        assertTrue(refusal(MINIMAL.formatted(", \"effect\": {\"type\": \"callout\", \"text\": \"Hi {{guest.name\"}"))
                .startsWith("route file " + file + ", key effect.text: bad template: '{{' at character 3 is never closed"));
        assertTrue(refusal(MINIMAL.formatted(", \"effect\": {\"type\": \"demo_properties\", \"properties\": "
                + "{\"Log\": {\"type\": \"formula\", \"value\": \"x\"}}}"))
                .startsWith("route file " + file + ", key effect.properties.Log.type: 'formula' cannot be written"));
        assertTrue(refusal(MINIMAL.formatted(", \"effect\": {\"type\": \"confetti\"}"))
                .startsWith("route file " + file + ", key effect.type: 'confetti' is not an effect"));
        assertTrue(refusal(MINIMAL.formatted(", \"fields\": {\"properties.n\": {\"type\": \"integer\"}}"))
                .startsWith("route file " + file + ", key fields.properties.n.type: 'integer' is not a field type"));
        assertTrue(refusal(MINIMAL.formatted(", \"batch\": {\"max_items\": 500}"))
                .startsWith("route file " + file + ", key batch.max_items: must be a whole number from 1 to 100"));
        assertTrue(refusal(MINIMAL.formatted(", \"automation\": {\"event_id\": \"{{source.event_id}}\"}"))
                .startsWith("route file " + file + ", key automation.event_id: is not an event field"));
        assertTrue(refusal(MINIMAL.formatted("").replace("{{event_id}}", "{{action}}"))
                .startsWith("route file " + file + ", key interaction_page.key_property: 'Event ID' must be written as rich_text"));
        assertTrue(refusal("{\"name\": \"x\",").startsWith("route file " + file + ": is not valid JSON"));
    }

    @Test
    void twoFilesMayNotShareAPath() throws IOException {
        Files.writeString(dir.resolve("a.json"), MINIMAL.formatted(""));
        Files.writeString(dir.resolve("b.json"), MINIMAL.formatted("").replace("\"mini\"", "\"other\""));
        assertEquals("route file " + dir.resolve("b.json") + ", key path: '/example/mini' is already the path of "
                + dir.resolve("a.json"), assertThrows(RouteFileException.class, () -> RouteFiles.load(dir)).getMessage());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assertTrue(assertThrows(RouteFileException.class, () -> RouteFiles.load(dir.resolve("nope"))).getMessage()
                .contains("does not exist"));
    }
}
