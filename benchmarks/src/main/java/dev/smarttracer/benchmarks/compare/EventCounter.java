package dev.smarttracer.benchmarks.compare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts a tool's events in its output lines (every match of a pattern, as a line may hold more
 * than one), notes when the first came, and keeps the first and last lines for the log; the rest
 * of the output is discarded.
 *
 * <p>Thread-safe: one thread feeds it, any reads it.
 */
final class EventCounter implements Consumer<String> {

    private static final int HEAD = 12;
    private static final int TAIL = 8;

    private final Pattern event;
    private final Pattern summary;
    private volatile String lastSummary = "";
    private final List<String> head = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private volatile long events;
    private volatile long first = -1;
    private volatile long last = -1;

    /**
     * @param event what an event looks like
     * @param summary what the tool's closing words about a trace look like
     */
    EventCounter(Pattern event, Pattern summary) {
        this.event = event;
        this.summary = summary;
    }

    @Override
    public void accept(String line) {
        Matcher m = event.matcher(line);
        long found = 0;
        while (m.find()) {
            found++;
        }
        if (found > 0) {
            long now = System.nanoTime();
            if (first < 0) {
                first = now;
            }
            last = now;
            events += found;
        }
        if (summary.matcher(line).find()) {
            lastSummary = line.strip();
        }
        synchronized (this) {
            if (head.size() < HEAD) {
                head.add(line);
            } else {
                if (tail.size() == TAIL) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
    }

    /** Returns the events counted so far. */
    long events() {
        return events;
    }

    /** Returns when the first event was read ({@link System#nanoTime()}), or -1. */
    long first() {
        return first;
    }

    /** Returns when the latest event was read, or -1. */
    long last() {
        return last;
    }

    /** Returns the last line that matched the summary pattern, or an empty string. */
    String lastSummary() {
        return lastSummary;
    }

    /** Returns the first lines and the last ones, with a gap marked between them. */
    synchronized List<String> headAndTail() {
        List<String> lines = new ArrayList<>(head);
        if (!tail.isEmpty()) {
            lines.add("...");
            lines.addAll(tail);
        }
        return lines;
    }
}
