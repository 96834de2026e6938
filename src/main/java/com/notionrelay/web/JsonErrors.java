package com.notionrelay.web;

import com.google.gson.JsonObject;
import spark.Response;

/** The one error shape every endpoint answers with: {"error": {"code", "message", "field"?}}. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String body(String code, String message, String field) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        if (field != null) {
            error.addProperty("field", field);
        }
        JsonObject o = new JsonObject();
        o.add("error", error);
        return o.toString();
    }

    public static String answer(Response res, int status, String code, String message, String field) {
        return JsonResponses.send(res, status, body(code, message, field));
    }
}
