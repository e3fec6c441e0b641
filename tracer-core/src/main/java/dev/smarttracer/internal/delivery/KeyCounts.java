package dev.smarttracer.internal.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.smarttracer.TraceOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many calls each distinct key has had counted, for per-key limits: at most
 * {@link TraceOptions#MAX_KEYS} keys, each forgotten {@link TraceOptions#KEY_EXPIRY} after its last
 * call, so that a key of high cardinality cannot grow memory. Its upkeep runs on the calling
 * thread, inside the tracer, never on a pool of the JDK's.
 *
 * <p>Thread-safe: a key's count is taken by compare-and-set, never past its bound.
 */
final class KeyCounts {

    /** Stands for a {@code null} key, which the table cannot hold. */
    private static final Object NULL_KEY = new Object();

    private final int perKey;
    private final Cache<Object, AtomicInteger> counts = Caffeine.newBuilder().maximumSize(TraceOptions.MAX_KEYS)
            .expireAfterAccess(TraceOptions.KEY_EXPIRY).executor(Runnable::run).build();

    KeyCounts(int perKey) {
        this.perKey = perKey;
    }

    /** Tells whether a key may have another call counted; takes nothing. */
    boolean hasRoom(Object key) {
        AtomicInteger count = counts.getIfPresent(key == null ? NULL_KEY : key);
        return count == null || count.get() < perKey;
    }

    /** Counts a call for a key if it still has room, and tells whether it did. */
    boolean take(Object key) {
        AtomicInteger count = counts.get(key == null ? NULL_KEY : key, any -> new AtomicInteger());
        for (int taken = count.get(); taken < perKey; taken = count.get()) {
            if (count.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Returns about how many keys are held now. */
    long keys() {
        return counts.estimatedSize();
    }
}
