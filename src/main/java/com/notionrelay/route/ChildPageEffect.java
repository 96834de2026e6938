package com.notionrelay.route;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.notion.Blocks;
import com.notionrelay.notion.RichText;
import com.notionrelay.store.JobKind;
import java.util.List;
import java.util.Optional;

/** A child page under the demo page: a title and body paragraphs, each from a template. */
public record ChildPageEffect(Template title, List<Template> paragraphs) implements Effect {

    /** Notion takes at most 100 blocks in one children array. */
    public static final int MAX_PARAGRAPHS = 100;

    public ChildPageEffect {
        paragraphs = List.copyOf(paragraphs);
    }

    @Override
    public Optional<JobKind> job() {
        return Optional.of(JobKind.CHILD_PAGE);
    }

    @Override
    public JsonObject check(JsonObject context) {
        return pageBody(context, "00000000-0000-0000-0000-000000000000");
    }

    /** The title as Notion shows it on the {@code child_page} block, by which a page is found again. */
    public String titleText(JsonObject context) {
        return title.text(context);
    }

    /** The {@code POST /v1/pages} body; paragraphs that render empty are left out. */
    public JsonObject pageBody(JsonObject context, String demoPageId) {
        JsonObject parent = new JsonObject();
        parent.addProperty("type", "page_id");
        parent.addProperty("page_id", demoPageId);
        JsonObject titleProperty = new JsonObject();
        titleProperty.add("title", RichText.of(titleText(context)));
        JsonObject properties = new JsonObject();
        properties.add("title", titleProperty);
        JsonArray children = new JsonArray();
        for (Template p : paragraphs) {
            String text = p.text(context);
            if (!text.isBlank()) {
                children.add(Blocks.paragraph(text));
            }
        }
        JsonObject body = new JsonObject();
        body.add("parent", parent);
        body.add("properties", properties);
        body.add("children", children);
        return body;
    }
}
