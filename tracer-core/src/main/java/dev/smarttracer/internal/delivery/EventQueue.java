package dev.smarttracer.internal.delivery;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock-free, unbounded, many-producer single-consumer queue of intrusive nodes (Vyukov's
 * design): offering is one atomic exchange and one volatile field store, and allocates nothing.
 *
 * <p>Producers: any thread. Consumer: the dispatcher thread only. The bound lives elsewhere:
 * each trace reserves room before it produces.
 */
public final class EventQueue {

    private final AtomicReference<Event> tail;
    private Event head;

    public EventQueue() {
        Event stub = new Event();
        head = stub;
        tail = new AtomicReference<>(stub);
    }

    public void offer(Event event) {
        Event previous = tail.getAndSet(event);
        // A field store, not a call: see Event#next.
        previous.next = event;
    }

    /**
     * Takes the oldest event, or returns {@code null} if none is visible yet. Consumer only.
     * The returned node becomes the queue's stub; the caller must not offer it again.
     */
    public Event poll() {
        Event consumed = head;
        Event next = consumed.next();
        if (next == null) {
            return null;
        }
        head = next;
        // Unlink: a consumed node that was promoted to the old generation would otherwise keep
        // every later event reachable (GC nepotism), and young collections would copy them all.
        // No producer writes to it again: its successor is already set.
        consumed.unlink();
        return next;
    }

    /** Tells whether no event is visible. Consumer only. */
    public boolean isEmpty() {
        return head.next() == null;
    }
}
