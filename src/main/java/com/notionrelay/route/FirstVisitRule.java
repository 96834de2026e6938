package com.notionrelay.route;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a route's effect happen only on a guest's first visit to a demo. The guest is known by the
 * first of {@code guestFields} the event carries (e.g. email, else name, else session).
 */
public record FirstVisitRule(List<Template> guestFields) {

    public FirstVisitRule {
        guestFields = List.copyOf(guestFields);
    }

    /** e.g. {@code guest.email:ada@example.com}; empty when the event carries none of the fields. */
    public Optional<String> guestKey(JsonObject context) {
        for (Template field : guestFields) {
            String value = field.text(context).strip();
            if (!value.isEmpty()) {
                return Optional.of(field.soleField().orElseThrow() + ":" + value.toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    public List<String> fieldNames() {
        return guestFields.stream().map(t -> t.soleField().orElseThrow()).toList();
    }
}
