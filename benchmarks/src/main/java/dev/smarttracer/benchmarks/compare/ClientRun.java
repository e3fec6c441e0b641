package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A trace run by a tool's client process that prints each event as it comes (Arthas's
 * {@code arthas-boot}, SmartTracer's command-line tool): events are counted in its output, and
 * stopping it is what Ctrl-C does.
 */
final class ClientRun implements TraceRun {

    private final Child client;
    private final EventCounter counter;
    private final long started;
    private final RunLog log;
    private volatile long ended = -1;
    private volatile String stoppedBy = "";

    ClientRun(List<String> command, Path directory, String name, Pattern event, Pattern summary, RunLog log)
            throws IOException {
        this.counter = new EventCounter(event, summary);
        this.log = log;
        this.started = System.nanoTime();
        this.client = new Child(command, directory, name, counter);
        log.line(name + " (pid " + client.pid() + "): " + String.join(" ", command));
    }

    @Override
    public long startedNanos() {
        return started;
    }

    @Override
    public long awaitStarted(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (counter.first() < 0 && client.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return counter.first();
    }

    @Override
    public boolean awaitEnd(long timeoutMillis) throws InterruptedException {
        OptionalInt code = client.await(timeoutMillis, TimeUnit.MILLISECONDS);
        if (code.isPresent() && ended < 0) {
            long exited = client.exitedNanos();
            ended = exited > 0 ? exited : System.nanoTime();
            stoppedBy = "exit " + code.getAsInt();
        }
        return code.isPresent();
    }

    @Override
    public void stop() throws InterruptedException {
        if (!client.isAlive()) {
            awaitEnd(1_000);
            return;
        }
        client.terminate();
        OptionalInt code = client.await(15, TimeUnit.SECONDS);
        ended = System.nanoTime();
        stoppedBy = code.isPresent() ? "stopped (SIGTERM, exit " + code.getAsInt() + ")" : "killed";
        client.close();
    }

    @Override
    public Outcome finish() throws InterruptedException {
        if (ended < 0) {
            stop();
        }
        client.close();
        for (String line : counter.headAndTail()) {
            log.line("  [" + client.name() + "] " + line);
        }
        String summary = counter.lastSummary();
        String ending = summary.isEmpty() ? stoppedBy : stoppedBy + ": " + summary;
        return new Outcome(started, counter.events(), counter.first(), ended, ending);
    }
}
