package com.notionrelay.route;

import com.google.gson.JsonObject;
import com.notionrelay.notion.PropertyValueException;
import com.notionrelay.notion.Blocks;
import com.notionrelay.store.JobKind;
import java.util.Optional;

/** A callout block appended to the demo page; {@code color} may be null (Notion's default). */
public record CalloutEffect(Template emoji, Template text, String color) implements Effect {

    @Override
    public Optional<JobKind> job() {
        return Optional.of(JobKind.CALLOUT);
    }

    @Override
    public JsonObject check(JsonObject context) {
        try {
            return block(context);
        } catch (PropertyValueException e) {
            throw new InvalidValueException(emoji.soleField().orElse("emoji"), e.getMessage());
        }
    }

    public JsonObject block(JsonObject context) {
        return Blocks.callout(emoji.text(context), text.text(context), color);
    }
}
