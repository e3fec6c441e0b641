package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * The snapshot of any value that is not null, a boxed primitive, a short string or an enum
 * constant: its type name and a bounded text rendering, never the object itself. Immutable and
 * thread-safe.
 *
 * <p>Arrays, collections and maps are rendered element by element (bounded in count and depth,
 * cycle-safe, strings and characters in them quoted and escaped); other objects by their
 * {@code toString()}. A {@code toString()} that throws is rendered as such, e.g.
 * {@code <toString() threw java.lang.IllegalStateException: boom>}. A string longer than the
 * snapshot's length limit becomes a {@code Rendered} of type {@code java.lang.String} holding its
 * first characters, with {@code truncated} set.
 *
 * @param type the value's type name, e.g. {@code com.acme.User}, {@code int[]} or
 *     {@code java.lang.String}
 * @param text the rendering, at most the snapshot's length limit
 * @param truncated whether anything of the value was left out: {@code text} was cut at the length
 *     limit, or elements were hidden past the element count ({@code ... (40 more)}) or past the
 *     depth ({@code [...]})
 */
public record Rendered(String type, String text, boolean truncated) {

    /** Validates the fields. */
    public Rendered {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    /** Returns the rendering, ending in {@code ...} when something was left out. */
    @Override
    public String toString() {
        return truncated ? text + "..." : text;
    }
}
