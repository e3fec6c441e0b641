package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM running {@code com.acme.greeting.GreetingApp}: it keeps the target's 100 ms ticks, and
 * asks it for marks, reports between marks and its retained heap over its standard input.
 *
 * <p>Thread-safe for one caller at a time; ticks are recorded on the reader thread.
 */
final class TargetJvm implements AutoCloseable {

    private static final long ANSWER_SECONDS = 60;
    private static final long TICK_NANOS = 100_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final Child child;
    private final Jdk jdk;
    private final List<Tick> ticks = new ArrayList<>();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final PrintWriter commands;
    private final RunLog log;

    private TargetJvm(Jdk jdk, List<String> command, Path directory, String name, RunLog log) throws IOException {
        this.jdk = jdk;
        this.log = log;
        this.child = new Child(command, directory, name, this::onLine);
        this.commands = new PrintWriter(new OutputStreamWriter(child.stdin(), StandardCharsets.UTF_8), true);
    }

    /**
     * Starts a target and waits until its workers run.
     *
     * @param jdk the JDK to run it on
     * @param classPath a class path holding {@code com.acme.greeting}
     * @param rate calls per second per thread (0: as fast as possible)
     * @param threads worker threads
     * @param home the directory given to it as {@code user.home} and working directory (tools that
     *     attach write their logs under it)
     * @param name what to call it in the log
     * @param log where its unusual lines go
     */
    static TargetJvm start(Jdk jdk, Path classPath, long rate, int threads, Path home, String name, RunLog log)
            throws IOException, InterruptedException {
        List<String> command = List.of(jdk.java().toString(), "-Xms2g", "-Xmx2g", "-Duser.home=" + home,
                "-cp", classPath.toString(), "com.acme.greeting.GreetingApp",
                "--threads", Integer.toString(threads), "--rate", Long.toString(rate));
        TargetJvm target = new TargetJvm(jdk, command, home, name, log);
        String ready = target.answer("ready");
        log.line(name + ": " + ready + " (" + jdk.label() + ", " + threads + " threads, "
                + (rate == 0 ? "as fast as they can" : rate + " calls/s each") + ")");
        return target;
    }

    private void onLine(String line) {
        if (line.startsWith("tick ")) {
            String[] w = line.split(" ");
            Tick tick = new Tick(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]),
                    Long.parseLong(w[4]));
            synchronized (ticks) {
                ticks.add(tick);
            }
        } else if (line.startsWith("ready ") || line.startsWith("mark ") || line.startsWith("report ")
                || line.startsWith("heap ")) {
            answers.add(line);
        } else {
            // The JVM's and the tools' own words (warnings, agent messages, crashes) are worth keeping.
            log.line("[" + child.name() + "] " + line);
        }
    }

    private String answer(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? answers.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS) : null;
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && (!child.isAlive() || System.nanoTime() >= deadline)) {
                throw new IllegalStateException(child.name() + " did not answer '" + prefix + "' within "
                        + ANSWER_SECONDS + " s" + (child.isAlive() ? "" : ": it has ended (see the log)"));
            }
        }
    }

    /** Returns the process id. */
    long pid() {
        return child.pid();
    }

    /** Returns the JDK it runs on. */
    Jdk jdk() {
        return jdk;
    }

    /** Returns whether it still runs. */
    boolean isAlive() {
        return child.isAlive();
    }

    /** Marks now, by name, and returns the target's instant for it. */
    long mark(String name) throws InterruptedException {
        commands.println("mark " + name);
        return Long.parseLong(answer("mark " + name + " ").split(" ")[2]);
    }

    /** Marks, waits, marks again, and returns what the target saw in between. */
    Window window(String name, double seconds) throws InterruptedException {
        long from = mark(name + "-from");
        Thread.sleep(Math.round(seconds * 1000));
        long to = mark(name + "-to");
        return report(name + "-from", name + "-to", from, to);
    }

    /** Returns what the target saw between two marks taken earlier. */
    Window report(String fromMark, String toMark, long from, long to) throws InterruptedException {
        commands.println("report " + fromMark + " " + toMark);
        return Window.parse(from, to, answer("report " + fromMark + " " + toMark));
    }

    /** Returns the heap in use after full collections, in bytes. */
    long heapAfterGc() throws InterruptedException {
        commands.println("heap");
        return Long.parseLong(answer("heap ").split(" ")[1]);
    }

    /**
     * Returns the longest time from a call's schedule to its end in an interval (ticks that end in
     * it, and the one after), in ns; a pause that stopped the workers shows here.
     */
    long worstLate(long from, long to) {
        long worst = 0;
        for (Tick tick : ticksBetween(from, to + TICK_NANOS)) {
            worst = Math.max(worst, tick.worstLate());
        }
        return worst;
    }

    /** Returns the longest call in an interval (as {@link #worstLate}), in ns. */
    long worstCall(long from, long to) {
        long worst = 0;
        for (Tick tick : ticksBetween(from, to + TICK_NANOS)) {
            worst = Math.max(worst, tick.worstCall());
        }
        return worst;
    }

    /**
     * Returns the lowest rate, in calls per second, over any 1 s between consecutive ticks in an
     * interval, or NaN if the interval holds less than a second of ticks.
     */
    double worstSecond(long from, long to) {
        List<Tick> in = ticksBetween(from, to);
        double worst = Double.NaN;
        int j = 0;
        for (int i = 0; i < in.size(); i++) {
            while (j < in.size() && in.get(j).nanos() - in.get(i).nanos() < SECOND_NANOS) {
                j++;
            }
            if (j == in.size()) {
                break;
            }
            Tick a = in.get(i);
            Tick b = in.get(j);
            double rate = (b.calls() - a.calls()) / ((b.nanos() - a.nanos()) / 1e9);
            worst = Double.isNaN(worst) ? rate : Math.min(worst, rate);
        }
        return worst;
    }

    /** Returns the calls completed between the first and the last tick of an interval. */
    long callsBetween(long from, long to) {
        List<Tick> in = ticksBetween(from, to);
        return in.size() < 2 ? 0 : in.get(in.size() - 1).calls() - in.get(0).calls();
    }

    /** Returns the ticks taken in an interval, oldest first. */
    List<Tick> ticksBetween(long from, long to) {
        List<Tick> in = new ArrayList<>();
        synchronized (ticks) {
            for (Tick tick : ticks) {
                if (tick.nanos() >= from && tick.nanos() <= to) {
                    in.add(tick);
                }
            }
        }
        return in;
    }

    /** Kills the target. */
    @Override
    public void close() {
        child.close();
    }
}
