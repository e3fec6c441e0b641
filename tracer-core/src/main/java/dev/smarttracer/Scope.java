package dev.smarttracer;

/** Which methods a trace may select. */
public enum Scope {
    /** Non-private methods only (the default). */
    GLOBAL,
    /** Private methods too, including private static ones and lambda bodies ({@code lambda$...}). */
    LOCAL
}
