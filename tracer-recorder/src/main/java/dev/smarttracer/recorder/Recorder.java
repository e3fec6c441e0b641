package dev.smarttracer.recorder;

import dev.smarttracer.recorder.internal.CallSize;
import dev.smarttracer.recorder.internal.JsonLinesCodec;
import dev.smarttracer.recorder.internal.RecorderAccess;
import dev.smarttracer.recorder.internal.RecorderSecrets;
import dev.smarttracer.recorder.internal.TraceEnd;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A bounded store of recorded calls, one recording per trace, for playback after the fact.
 *
 * <p>Recordings outlive their traces; only {@link #clear()} discards them. The store is bounded
 * by a number of events and by approximate bytes ({@link CallSize}): past a bound, whole
 * recordings go first, oldest first, but never the one being written to; then the oldest events
 * of that one. Every dropped event is counted, per recording ({@link Recording#droppedEvents()})
 * and in total ({@link #droppedEvents()}). Calls hold snapshots only, so a recording never keeps
 * an application object alive.
 *
 * <p>Only the tracer writes to a recorder (users read, export, import and clear): the write side
 * is reached through {@code dev.smarttracer.recorder.internal.RecorderAccess}, not public API.
 *
 * <p>Thread-safe: one lock guards the store; playback and export copy under it and do their
 * work outside it; import reads its file outside it and adds everything under it, so a reader
 * sees all of a file or none of it.
 */
public final class Recorder {

    /** The default bound on events: 100,000. */
    public static final long DEFAULT_MAX_EVENTS = 100_000;
    /** The default bound on approximate bytes: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static final Comparator<Call> TIME_ORDER = Comparator.comparing(Call::timestamp);
    /** Remembered drop counts of recordings evicted whole, so a late event still says so. */
    private static final int MAX_TOMBSTONES = 10_000;

    private final long maxEvents;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Long, Store> recordings = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Long> evicted = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_TOMBSTONES;
        }
    };
    private long events;
    private long bytes;
    private long dropped;

    static {
        RecorderSecrets.setRecorderAccess(new RecorderAccess() {
            @Override
            public void record(Recorder recorder, Call call) {
                recorder.record(call);
            }

            @Override
            public void finish(Recorder recorder, long traceId, StopReason reason, long lostEvents) {
                recorder.finish(traceId, reason, lostEvents);
            }
        });
    }

    private Recorder(long maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /**
     * Creates a recorder with the default bounds: {@value #DEFAULT_MAX_EVENTS} events and 64 MiB.
     *
     * @return the recorder
     */
    public static Recorder create() {
        return create(DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES);
    }

    /**
     * Creates a recorder with the given bounds.
     *
     * @param maxEvents the most events kept, at least 1
     * @param maxBytes the most approximate bytes kept, at least 64 KiB
     * @return the recorder
     * @throws IllegalArgumentException if a bound is too small
     */
    public static Recorder create(long maxEvents, long maxBytes) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1; got " + maxEvents);
        }
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 65,536 (64 KiB); got " + maxBytes);
        }
        return new Recorder(maxEvents, maxBytes);
    }

    // ---- writing: the engine's, through RecorderAccess ------------------------------------

    /** See {@link RecorderAccess#record}. */
    void record(Call call) {
        Objects.requireNonNull(call, "call");
        long size = CallSize.of(call);
        lock.lock();
        try {
            Store store = storeOf(call.traceId());
            store.add(call, size);
            events++;
            bytes += size;
            evictBeyondBounds(store);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link RecorderAccess#finish}. */
    void finish(long traceId, StopReason stopReason, long lostEvents) {
        Objects.requireNonNull(stopReason, "stopReason");
        if (lostEvents < 0) {
            throw new IllegalArgumentException("lostEvents must be 0 or more; got " + lostEvents);
        }
        lock.lock();
        try {
            // A trace that recorded nothing still has a recording: it says why it stopped.
            Store store = storeOf(traceId);
            store.stopReason = stopReason;
            store.lost = lostEvents;
        } finally {
            lock.unlock();
        }
    }

    /** Returns a trace's store, created if need be; the caller holds the lock. */
    private Store storeOf(long traceId) {
        Store store = recordings.get(traceId);
        if (store == null) {
            // A recording evicted whole that receives more still counts what it lost.
            store = new Store(traceId, evicted.getOrDefault(traceId, 0L));
            recordings.put(traceId, store);
        }
        return store;
    }

    private void evictBeyondBounds(Store writing) {
        if (events <= maxEvents && bytes <= maxBytes) {
            return;
        }
        Iterator<Store> oldestFirst = recordings.values().iterator();
        while ((events > maxEvents || bytes > maxBytes) && oldestFirst.hasNext()) {
            Store store = oldestFirst.next();
            if (store != writing) {
                oldestFirst.remove();
                events -= store.calls.size();
                bytes -= store.bytes;
                dropped += store.calls.size();
                evicted.put(store.traceId, store.dropped + store.calls.size());
            }
        }
        while ((events > maxEvents || bytes > maxBytes) && writing.calls.size() > 1) {
            long size = writing.removeOldest();
            events--;
            bytes -= size;
            dropped++;
        }
    }

    // ---- reading -------------------------------------------------------------------------

    /** Returns every recorded event, oldest first (by timestamp), across all recordings. */
    public List<Call> playback() {
        return playbackWhere(call -> true);
    }

    /**
     * Returns one trace's recorded events, oldest first.
     *
     * @param traceId the trace
     * @return its events, empty if none are kept
     */
    public List<Call> playback(long traceId) {
        return recording(traceId).map(Recording::calls).orElse(List.of());
    }

    /**
     * Returns the recorded events that pass a filter, oldest first.
     *
     * @param filter which events to keep
     * @return the events
     */
    public List<Call> playbackWhere(Predicate<? super Call> filter) {
        Objects.requireNonNull(filter, "filter");
        List<Call> all = new ArrayList<>();
        lock.lock();
        try {
            for (Store store : recordings.values()) {
                all.addAll(store.calls);
            }
        } finally {
            lock.unlock();
        }
        all.removeIf(filter.negate());
        all.sort(TIME_ORDER);
        return List.copyOf(all);
    }

    /**
     * Feeds every recorded event, oldest first, to a consumer, such as a
     * {@code dev.smarttracer.TraceHandler}.
     *
     * @param handler receives the events, on the calling thread
     */
    public void playback(Consumer<? super Call> handler) {
        Objects.requireNonNull(handler, "handler");
        playback().forEach(handler);
    }

    /** Returns a copy of every recording, in the order their traces first recorded. */
    public List<Recording> recordings() {
        lock.lock();
        try {
            return recordings.values().stream().map(Store::toRecording).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a copy of one trace's recording.
     *
     * @param traceId the trace
     * @return the recording, or empty if nothing of it is kept
     */
    public Optional<Recording> recording(long traceId) {
        lock.lock();
        try {
            Store store = recordings.get(traceId);
            if (store != null) {
                return Optional.of(store.toRecording());
            }
            Long gone = evicted.get(traceId);
            return gone == null ? Optional.empty() : Optional.of(new Recording(traceId, List.of(), gone, 0, null));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the stats of one trace's recorded events.
     *
     * @param traceId the trace
     * @return calls, exceptions, lost events and exact latency percentiles of what is kept;
     *     {@link TraceStats#EMPTY} if nothing of the trace is kept
     */
    public TraceStats stats(long traceId) {
        return recording(traceId).map(Recording::stats).orElse(TraceStats.EMPTY);
    }

    /** Returns how many events are kept. */
    public long size() {
        return locked(() -> events);
    }

    /** Returns the approximate bytes kept. */
    public long bytes() {
        return locked(() -> bytes);
    }

    /** Returns how many events the bounds have dropped since this recorder was created or cleared. */
    public long droppedEvents() {
        return locked(() -> dropped);
    }

    /** Returns the bound on events. */
    public long maxEvents() {
        return maxEvents;
    }

    /** Returns the bound on approximate bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    private long locked(java.util.function.LongSupplier read) {
        lock.lock();
        try {
            return read.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    // ---- clearing ------------------------------------------------------------------------

    /** Discards every recording and resets the drop count. */
    public void clear() {
        lock.lock();
        try {
            recordings.clear();
            evicted.clear();
            events = 0;
            bytes = 0;
            dropped = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Discards one trace's recording.
     *
     * @param traceId the trace
     * @return whether anything was discarded
     */
    public boolean clear(long traceId) {
        lock.lock();
        try {
            evicted.remove(traceId);
            Store store = recordings.remove(traceId);
            if (store == null) {
                return false;
            }
            events -= store.calls.size();
            bytes -= store.bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- JSON Lines ----------------------------------------------------------------------

    /**
     * Writes every recording to a file as JSON Lines (UTF-8, one line each): the events, oldest
     * first, each finished recording's {@code TRACE_END} line (its stop reason, dropped and lost
     * events) right after its last event. The file is written next to its destination and moved
     * into place, so a reader never sees half of it. {@link #importJsonLines(Path)} reads it back
     * into a recorder; a recording still being written has no end line yet.
     *
     * @param file the destination; replaced if it exists
     * @return how many events were written
     * @throws UncheckedIOException if the file cannot be written, e.g. it is a directory or its
     *     directory does not exist
     */
    public long exportJsonLines(Path file) {
        List<Recording> all = recordings();
        return JsonLinesCodec.writeFile(file, out -> JsonLinesCodec.writeRecordings(all, out));
    }

    /**
     * Writes one trace's recording to a file as JSON Lines; see {@link #exportJsonLines(Path)}.
     *
     * @param file the destination; replaced if it exists
     * @param traceId the trace
     * @return how many events were written
     * @throws UncheckedIOException if the file cannot be written
     */
    public long exportJsonLines(Path file, long traceId) {
        List<Recording> one = recording(traceId).map(List::of).orElse(List.of());
        return JsonLinesCodec.writeFile(file, out -> JsonLinesCodec.writeRecordings(one, out));
    }

    /**
     * Reads a JSON Lines file, of any schema this version reads, into this recorder: its events
     * become recordings, and each {@code TRACE_END} line finishes its trace's recording with the
     * stop reason, dropped and lost events it says, so a playback ends as the live trace did.
     * The bounds apply as to live events. A malformed file, or one holding a trace this
     * recorder already has, imports nothing.
     *
     * @param file the file
     * @return how many events were imported
     * @throws IllegalArgumentException naming the file, line and column of what is malformed
     * @throws IllegalStateException if this recorder already holds a trace of the file (import
     *     into a new recorder, or {@link #clear(long)} it first)
     * @throws UncheckedIOException if the file cannot be read
     */
    public long importJsonLines(Path file) {
        JsonLinesCodec.Content content = JsonLinesCodec.readFile(file);
        lock.lock();
        try {
            refuseKnownTraces(content, file);
            for (Call call : content.calls()) {
                record(call);
            }
            for (TraceEnd end : content.ends()) {
                Store store = storeOf(end.traceId());
                store.dropped += end.droppedEvents();
                store.stopReason = end.stopReason();
                store.lost = end.lostEvents();
            }
            return content.calls().size();
        } finally {
            lock.unlock();
        }
    }

    private void refuseKnownTraces(JsonLinesCodec.Content content, Path file) {
        Set<Long> traces = new LinkedHashSet<>();
        content.calls().forEach(call -> traces.add(call.traceId()));
        content.ends().forEach(end -> traces.add(end.traceId()));
        for (long traceId : traces) {
            if (recordings.containsKey(traceId) || evicted.containsKey(traceId)) {
                throw new IllegalStateException("cannot import " + file + ": it holds trace " + traceId
                        + ", which this recorder already has; import into a new Recorder.create(), or clear("
                        + traceId + ") first. Nothing was imported");
            }
        }
    }

    /**
     * Writes events to a file as JSON Lines, atomically.
     *
     * @param calls the events
     * @param file the destination; replaced if it exists
     * @return how many events were written
     * @throws UncheckedIOException if the file cannot be written
     */
    public static long writeJsonLines(List<Call> calls, Path file) {
        return JsonLinesCodec.writeFile(calls, file);
    }

    /**
     * Writes events as JSON Lines to a writer, one line each, each ended by {@code \n}.
     *
     * @param calls the events
     * @param out the destination, left open
     * @throws IOException if writing fails
     */
    public static void writeJsonLines(List<Call> calls, Writer out) throws IOException {
        JsonLinesCodec.write(calls, out);
    }

    /**
     * Reads a JSON Lines file of calls. Blank lines are skipped. If any line is malformed,
     * nothing is returned: the exception names the file, the line number and what is wrong.
     *
     * @param file the file
     * @return the calls, in file order
     * @throws IllegalArgumentException if a line is malformed
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<Call> readJsonLines(Path file) {
        return JsonLinesCodec.readFile(file).calls();
    }

    /**
     * Reads JSON Lines of calls from a reader; see {@link #readJsonLines(Path)}.
     *
     * @param in the text, not closed
     * @param source what to call it in error messages, e.g. a file name
     * @return the calls, in order
     * @throws IllegalArgumentException if a line is malformed
     * @throws IOException if reading fails
     */
    public static List<Call> readJsonLines(Reader in, String source) throws IOException {
        return JsonLinesCodec.read(in, source).calls();
    }

    /** One trace's events and bookkeeping; guarded by the recorder's lock. */
    private static final class Store {
        final long traceId;
        final ArrayDeque<Call> calls = new ArrayDeque<>();
        /** Each kept call's size, in the same order; primitive, so it costs 8 bytes a call. */
        private long[] sizes = new long[16];
        private int oldest;
        long bytes;
        long dropped;
        long lost;
        StopReason stopReason;

        Store(long traceId, long droppedBefore) {
            this.traceId = traceId;
            this.dropped = droppedBefore;
        }

        void add(Call call, long size) {
            int count = calls.size();
            if (count == sizes.length) {
                long[] grown = new long[count * 2];
                for (int i = 0; i < count; i++) {
                    grown[i] = sizes[(oldest + i) % count];
                }
                sizes = grown;
                oldest = 0;
            }
            sizes[(oldest + count) % sizes.length] = size;
            calls.addLast(call);
            bytes += size;
        }

        long removeOldest() {
            calls.removeFirst();
            long size = sizes[oldest];
            oldest = (oldest + 1) % sizes.length;
            bytes -= size;
            dropped++;
            return size;
        }

        Recording toRecording() {
            List<Call> copy = new ArrayList<>(calls);
            copy.sort(TIME_ORDER);
            return new Recording(traceId, copy, dropped, lost, stopReason);
        }
    }
}
