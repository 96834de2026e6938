package com.notionrelay.notion;

/** How a failed Notion call should be treated; decided once, in {@link OkHttpNotionClient}. */
public enum ErrorKind {
    /** Repeating the same request will fail the same way (validation, auth, not shared). */
    PERMANENT,
    /** Nothing took effect; the same request may succeed later. */
    TRANSIENT,
    /** Notion asked us to slow down; wait at least {@link NotionError#retryAfter()}. */
    RATE_LIMITED,
    /** A write may or may not have taken effect (timeout, reset, 5xx after sending): check before repeating. */
    AMBIGUOUS
}
