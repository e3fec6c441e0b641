package dev.smarttracer.internal.snapshot;

/**
 * Bounds on what a snapshot keeps of one value.
 *
 * @param maxChars the longest string or rendering kept, in characters
 * @param maxElements the most elements rendered of one array, collection or map
 * @param maxDepth how deep nested arrays, collections and maps are rendered
 */
public record SnapshotLimits(int maxChars, int maxElements, int maxDepth) {

    /** The limits traces use: 2,048 characters, 20 elements, 3 levels. */
    public static final SnapshotLimits DEFAULT = new SnapshotLimits(2_048, 20, 3);

    /** Validates the limits. */
    public SnapshotLimits {
        if (maxChars < 16 || maxElements < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("snapshot limits must allow at least 16 characters, 1 element"
                    + " and 1 level; got " + maxChars + ", " + maxElements + ", " + maxDepth);
        }
    }
}
