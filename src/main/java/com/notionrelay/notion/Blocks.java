package com.notionrelay.notion;

import com.google.gson.JsonObject;

/** Block objects as {@code PATCH /v1/blocks/{id}/children} and {@code POST /v1/pages} take them. */
public final class Blocks {

    private Blocks() {
    }

    public static JsonObject paragraph(String text) {
        JsonObject paragraph = new JsonObject();
        paragraph.add("rich_text", RichText.of(text));
        return block("paragraph", paragraph);
    }

    public static JsonObject callout(String emoji, String text, String color) {
        JsonObject callout = new JsonObject();
        callout.add("rich_text", RichText.of(text));
        if (!emoji.isEmpty()) {
            if (!Emoji.isEmoji(emoji)) {
                throw new PropertyValueException("'" + emoji + "' is not one emoji, which a Notion icon must be");
            }
            JsonObject icon = new JsonObject();
            icon.addProperty("type", "emoji");
            icon.addProperty("emoji", emoji);
            callout.add("icon", icon);
        }
        if (color != null) {
            callout.addProperty("color", color);
        }
        return block("callout", callout);
    }

    private static JsonObject block(String type, JsonObject content) {
        JsonObject block = new JsonObject();
        block.addProperty("object", "block");
        block.addProperty("type", type);
        block.add(type, content);
        return block;
    }
}
