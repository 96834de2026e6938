package com.notionrelay.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validates block children as POST /v1/pages and PATCH /v1/blocks/{id}/children receive them. */
final class BlockWriter {
    static final int MAX_CHILDREN = 100;
    static final int MAX_BLOCKS_PER_REQUEST = 1000;
    /** Notion allows two levels of nesting below the blocks being appended, per request. */
    static final int MAX_NESTING = 2;

    static final Set<String> BLOCK_TYPES = Set.of("paragraph", "heading_1", "heading_2", "heading_3",
            "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "code", "callout", "quote", "divider",
            "table_of_contents", "breadcrumb", "bookmark", "embed", "image", "video", "file", "pdf", "audio",
            "equation", "column_list", "column", "link_to_page", "table", "table_row", "synced_block");
    private static final Set<String> COLOURED = Set.of("paragraph", "heading_1", "heading_2", "heading_3",
            "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout");

    /** A validated block to create; payload has rich text normalised and its "children" removed. */
    record NewBlock(String type, JsonObject payload, List<NewBlock> children) {}

    private BlockWriter() {}

    static List<NewBlock> parse(JsonElement raw, String path) {
        int[] total = {0};
        List<NewBlock> blocks = parse(raw, path, 0, total);
        if (total[0] > MAX_BLOCKS_PER_REQUEST) {
            throw NotionException.validation("A request may create at most " + MAX_BLOCKS_PER_REQUEST + " blocks, instead was " + total[0] + ".");
        }
        return blocks;
    }

    private static List<NewBlock> parse(JsonElement raw, String path, int depth, int[] total) {
        if (raw == null || !raw.isJsonArray()) {
            throw NotionException.validation(path + " should be an array, instead was `" + Json.show(raw) + "`.");
        }
        JsonArray items = raw.getAsJsonArray();
        if (items.size() > MAX_CHILDREN) {
            throw NotionException.validation(path + ".length should be ≤ `" + MAX_CHILDREN + "`, instead was `" + items.size() + "`.");
        }
        List<NewBlock> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(block(items.get(i), path + "[" + i + "]", depth, total));
        }
        return out;
    }

    private static NewBlock block(JsonElement raw, String p, int depth, int[] total) {
        if (raw == null || !raw.isJsonObject()) {
            throw NotionException.validation(p + " should be an object, instead was `" + Json.show(raw) + "`.");
        }
        total[0]++;
        JsonObject in = raw.getAsJsonObject();
        String type = Json.string(in, "type");
        if (type == null) {
            type = in.keySet().stream().filter(k -> in.get(k).isJsonObject()).findFirst().orElse(null);
        }
        if (type == null || !in.has(type) || !in.get(type).isJsonObject()) {
            throw NotionException.validation(p + " should be a block object with a type key, instead was `" + Json.show(raw) + "`.");
        }
        if (type.equals("child_page") || type.equals("child_database")) {
            throw NotionException.validation(p + "." + type + " cannot be created by appending blocks; create a page instead.");
        }
        if (!BLOCK_TYPES.contains(type)) {
            throw NotionException.validation(p + ".type `\"" + type + "\"` is not a supported block type.");
        }
        JsonObject payload = in.getAsJsonObject(type).deepCopy();
        List<NewBlock> kids = List.of();
        if (payload.has("children")) {
            if (depth + 1 > MAX_NESTING) {
                throw NotionException.validation(p + "." + type + ".children should be not present: "
                        + "at most " + MAX_NESTING + " levels of nesting per request.");
            }
            kids = parse(payload.remove("children"), p + "." + type + ".children", depth + 1, total);
        }
        for (String key : List.of("rich_text", "caption")) {
            if (payload.has(key)) payload.add(key, RichText.normalise(payload.get(key), p + "." + type + "." + key));
        }
        if (COLOURED.contains(type) && !payload.has("rich_text")) payload.add("rich_text", new JsonArray());
        if (COLOURED.contains(type) && !payload.has("color")) payload.addProperty("color", "default");
        if (type.equals("to_do") && !payload.has("checked")) payload.addProperty("checked", false);
        if (type.startsWith("heading_") && !payload.has("is_toggleable")) payload.addProperty("is_toggleable", false);
        return new NewBlock(type, payload, kids);
    }
}
