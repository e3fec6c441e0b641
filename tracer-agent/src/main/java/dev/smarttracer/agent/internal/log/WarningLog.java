package dev.smarttracer.agent.internal.log;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agent's SLF4J loggers write: warnings and errors are counted, the last
 * {@value #KEPT} kept (for {@code smarttracer status}) and handed to whoever listens (the
 * connections of running traces, which send them to their client); everything below WARN is
 * dropped. Nothing is printed.
 *
 * <p>Thread-safe.
 */
public final class WarningLog implements ILoggerFactory {

    /** How many recent warnings are kept. */
    public static final int KEPT = 20;

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private long total;

    /** Creates a log stamping warnings with the system clock. */
    public WarningLog() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a log.
     *
     * @param clock stamps each warning
     */
    public WarningLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns the log the agent's SLF4J writes to, if the agent's quiet provider is the one bound.
     *
     * @return the log, or {@code null} if SLF4J is bound to something else (in tests)
     */
    public static WarningLog current() {
        return LoggerFactory.getILoggerFactory() instanceof WarningLog log ? log : null;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new CollectingLogger(n, this));
    }

    /**
     * Keeps one warning and hands it to the listeners.
     *
     * @param line the warning, one line
     */
    public void add(String line) {
        String stamped = Instant.now(clock) + " " + line;
        synchronized (this) {
            total++;
            recent.addLast(stamped);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(line);
            } catch (RuntimeException ignored) {
                // a listener's failure is its own (a closed connection); the warning is kept
            }
        }
    }

    /** Returns how many warnings were logged since the agent started. */
    public synchronized long total() {
        return total;
    }

    /** Returns the most recent warnings, oldest first, each stamped with its time. */
    public synchronized List<String> recent() {
        return List.copyOf(recent);
    }

    /**
     * Starts handing warnings to a listener.
     *
     * @param listener receives each new warning, on the thread that logged it; must not block
     */
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Stops handing warnings to a listener.
     *
     * @param listener a listener given to {@link #listen}
     */
    public void unlisten(Consumer<String> listener) {
        listeners.remove(listener);
    }
}
