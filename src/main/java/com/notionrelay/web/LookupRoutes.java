package com.notionrelay.web;

import com.notionrelay.cache.RelationQueries;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.FormulaQuery;
import com.notionrelay.lookup.LookupException;
import com.notionrelay.lookup.ReadAccess;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * GET /api/demos/{demo_id}/interactions and GET /api/lookup: relation lookups answered from the
 * cache alone. Parameters are described in the README. Public reads (browsers on allowed origins
 * may read them too) see only the public properties; the admin token sees everything.
 */
public final class LookupRoutes implements RouteGroup {

    private static final String INTERACTIONS = "/api/demos/:demo_id/interactions";
    private static final String LOOKUP = "/api/lookup";

    private final DemoInteractions interactions;
    private final FormulaLookup formula;
    private final AdminToken admin;
    private final ReadAccess publicAccess;
    private final OriginPolicy origins;

    public LookupRoutes(DemoInteractions interactions, FormulaLookup formula, AdminToken admin,
                        Set<String> publicProperties, OriginPolicy origins) {
        this.interactions = interactions;
        this.formula = formula;
        this.admin = admin;
        this.publicAccess = ReadAccess.publicProperties(publicProperties);
        this.origins = origins;
    }

    @Override
    public void register(Service http) {
        origins.preflight(http, INTERACTIONS, "GET");
        origins.preflight(http, LOOKUP, "GET");
        http.get(INTERACTIONS, origins.readable((req, res) -> answer(res, () -> interactions.list(
                req.params("demo_id"),
                optional(req, "relation").orElse(DemoInteractions.DEFAULT_RELATION),
                optional(req, "reverse"),
                optional(req, "limit").map(v -> positiveInt("limit", v)).orElse(DemoInteractions.DEFAULT_LIMIT),
                optional(req, "cursor"), access(req)).toJson().toString())));
        http.get(LOOKUP, origins.readable((req, res) -> answer(res, () -> formula.answer(new FormulaQuery(
                required(req, "page"),
                required(req, "relation"),
                required(req, "show"),
                Optional.ofNullable(req.queryParams("join")).orElse(", "),
                optional(req, "where").map(LookupRoutes::where),
                optional(req, "sort").map(LookupRoutes::sort),
                optional(req, "limit").map(v -> positiveInt("limit", v))), access(req)).toJson().toString())));
    }

    private ReadAccess access(Request req) {
        return admin.grants(req.headers("Authorization")) ? ReadAccess.everything() : publicAccess;
    }

    private static String answer(Response res, Supplier<String> body) {
        try {
            return JsonResponses.send(res, 200, body.get());
        } catch (LookupException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> JsonErrors.answer(res, 404, "not_found", e.getMessage(), e.field());
                case NOT_PUBLIC -> JsonErrors.answer(res, 403, "property_not_public", e.getMessage(), e.field());
                case TOO_LARGE -> JsonErrors.answer(res, 422, "answer_too_large", e.getMessage(), e.field());
                case INVALID -> JsonErrors.answer(res, 422, "invalid_field", e.getMessage(), e.field());
            };
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
