package com.notionrelay.notion;

/**
 * Whose fault a failure a person must fix (401/403/404) is, decided with the error's kind in
 * {@link OkHttpNotionClient}, so delivery never re-guesses it from a status code.
 */
public enum Blame {
    /** Time, not a person, fixes it (or it is a plain permanent error): no object to blame. */
    NONE,
    /** The token itself (401): every call fails alike. */
    TOKEN,
    /** The object the request was sent to: the data source a page is created in, the page or block written. */
    ADDRESSED_OBJECT,
    /**
     * Another object the request names, such as the page a relation points at: the addressed object
     * answered, so only requests naming the missing one fail.
     */
    REFERENCED_OBJECT
}
