package com.notionrelay.fake;

/**
 * A Notion API error: becomes {@code {"object":"error","status","code","message"}} over HTTP.
 * Extends IllegalArgumentException so the fake's Java set-up methods (createPage,
 * updateProperties) can throw the very same validation errors to the test author.
 */
public final class NotionException extends IllegalArgumentException {
    private final int status;
    private final String code;

    public NotionException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static NotionException validation(String message) {
        return new NotionException(400, "validation_error", message);
    }

    static NotionException notFound(String kind, String id) {
        return new NotionException(404, "object_not_found", "Could not find " + kind + " with ID: " + id
                + ". Make sure the relevant pages and databases are shared with your integration.");
    }

    static NotionException invalidJson() {
        return new NotionException(400, "invalid_json", "Error parsing JSON body.");
    }

    static NotionException invalidUrl() {
        return new NotionException(400, "invalid_request_url", "Invalid request URL.");
    }

    static NotionException unauthorized() {
        return new NotionException(401, "unauthorized", "API token is invalid.");
    }

    static NotionException missingVersion() {
        return new NotionException(400, "missing_version",
                "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
    }

    /** Something a real Notion would accept but this fake does not model: fail loudly, never silently. */
    static NotionException notModelled(String what) {
        return validation("FakeNotion does not implement " + what);
    }

    /** Notion's standard wording for each error code, used for injected faults. */
    static String defaultMessage(String code) {
        return switch (code) {
            case "invalid_json" -> "Error parsing JSON body.";
            case "invalid_request_url" -> "Invalid request URL.";
            case "invalid_request" -> "This request is not supported.";
            case "validation_error" -> "body failed validation.";
            case "missing_version" -> "Notion-Version header failed validation.";
            case "unauthorized" -> "API token is invalid.";
            case "restricted_resource" -> "Insufficient permissions for this endpoint.";
            case "object_not_found" -> "Could not find object. Make sure the relevant pages and databases are shared with your integration.";
            case "conflict_error" -> "Conflict occurred while saving. Please try again.";
            case "rate_limited" -> "You have been rate limited. Please try again in a few minutes.";
            case "internal_server_error" -> "Unexpected error occurred.";
            case "bad_gateway" -> "Notion encountered an issue while attempting to complete this request. Please try again.";
            case "service_unavailable" -> "Notion is unavailable. Please try again later.";
            case "database_connection_unavailable" -> "Notion's database is unavailable or in an unqueryable state. Try again later.";
            case "gateway_timeout" -> "Notion timed out while attempting to complete this request. Please try again later.";
            case "service_overload" -> "Notion is overloaded. Please try again later.";
            default -> code;
        };
    }
}
