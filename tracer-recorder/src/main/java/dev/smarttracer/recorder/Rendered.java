package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * The snapshot of any value that is not null, a boxed primitive, a string or an enum constant:
 * its type name and a bounded text rendering, never the object itself.
 *
 * <p>Arrays, collections and maps are rendered element by element (bounded in count and depth,
 * cycle-safe); other objects by their {@code toString()}. A {@code toString()} that throws is
 * rendered as such, e.g. {@code <toString() threw java.lang.IllegalStateException: boom>}.
 *
 * @param type the value's type name, e.g. {@code com.acme.User} or {@code int[]}
 * @param text the rendering, at most the snapshot's length limit
 * @param truncated whether {@code text} was cut short to respect a limit
 */
public record Rendered(String type, String text, boolean truncated) {

    /** Validates the fields. */
    public Rendered {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    /** Returns the rendering, ending in {@code ...} when it was cut short. */
    @Override
    public String toString() {
        return truncated ? text + "..." : text;
    }
}
