package com.notionrelay.web;

import com.notionrelay.cache.RelationQueries;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.FormulaQuery;
import com.notionrelay.lookup.LookupException;
import java.util.Optional;
import java.util.function.Supplier;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * GET /api/demos/{demo_id}/interactions and GET /api/lookup: relation lookups answered from the
 * cache alone. Parameters are described in the README.
 */
public final class LookupRoutes implements RouteGroup {

    private final DemoInteractions interactions;
    private final FormulaLookup formula;

    public LookupRoutes(DemoInteractions interactions, FormulaLookup formula) {
        this.interactions = interactions;
        this.formula = formula;
    }

    @Override
    public void register(Service http) {
        http.get("/api/demos/:demo_id/interactions", (req, res) -> answer(res, () -> interactions.list(
                req.params("demo_id"),
                optional(req, "relation").orElse(DemoInteractions.DEFAULT_RELATION),
                optional(req, "reverse"),
                optional(req, "limit").map(v -> positiveInt("limit", v)).orElse(DemoInteractions.DEFAULT_LIMIT),
                optional(req, "cursor")).toJson().toString()));
        http.get("/api/lookup", (req, res) -> answer(res, () -> formula.answer(new FormulaQuery(
                required(req, "page"),
                required(req, "relation"),
                required(req, "show"),
                Optional.ofNullable(req.queryParams("join")).orElse(", "),
                optional(req, "where").map(LookupRoutes::where),
                optional(req, "sort").map(LookupRoutes::sort),
                optional(req, "limit").map(v -> positiveInt("limit", v)))).toJson().toString()));
    }

    private static String answer(Response res, Supplier<String> body) {
        try {
            String json = body.get();
            res.type("application/json");
            return json;
        } catch (LookupException e) {
            return e.kind() == LookupException.Kind.NOT_FOUND
                    ? JsonErrors.answer(res, 404, "not_found", e.getMessage(), e.field())
                    : JsonErrors.answer(res, 422, "invalid_field", e.getMessage(), e.field());
        }
    }

    private static Optional<String> optional(Request req, String name) {
        String v = req.queryParams(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static String required(Request req, String name) {
        return optional(req, name).orElseThrow(() -> new LookupException(LookupException.Kind.INVALID, name,
                "query parameter '" + name + "' is required"));
    }

    private static int positiveInt(String name, String raw) {
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LookupException(LookupException.Kind.INVALID, name, name + " must be a whole number ≥ 1, got '" + raw + "'");
    }

    /** {@code PROP:VALUE}, split at the first colon (values may hold colons, such as times). */
    private static RelationQueries.Where where(String raw) {
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            throw new LookupException(LookupException.Kind.INVALID, "where", "where must be PROP:VALUE, got '" + raw + "'");
        }
        return new RelationQueries.Where(raw.substring(0, colon), raw.substring(colon + 1));
    }

    /** {@code PROP}, {@code PROP:asc} or {@code PROP:desc}. */
    private static RelationQueries.Sort sort(String raw) {
        int colon = raw.lastIndexOf(':');
        String direction = colon < 0 ? "" : raw.substring(colon + 1);
        if (direction.equals("asc") || direction.equals("desc")) {
            return new RelationQueries.Sort(raw.substring(0, colon), direction.equals("desc"));
        }
        return new RelationQueries.Sort(raw, false);
    }
}
