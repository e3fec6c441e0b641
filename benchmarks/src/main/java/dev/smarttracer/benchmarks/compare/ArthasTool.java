package dev.smarttracer.benchmarks.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Arthas, driven in batch mode: {@code java -jar arthas-boot.jar <pid> -c '<command>'} with the
 * target's JDK, its telnet console on a free loopback port and its HTTP console off. The first
 * command attaches Arthas to the target; later ones connect to it.
 */
final class ArthasTool implements Tool {

    // A watch result starts "method=<class>.<method> location=AtExit" (AtExceptionExit for a throw);
    // under concurrency two can share a line, so every match counts.
    private static final Pattern WATCH_EVENT = Pattern.compile("location=At(Exit|ExceptionExit)");
    // A tt row: its index, then its timestamp.
    private static final Pattern TT_ROW = Pattern.compile("^\\s*\\d+\\s+\\d{4}-\\d{2}-\\d{2} ");
    private static final Pattern NOTHING = Pattern.compile("(?!)");
    private static final Pattern SUMMARY = Pattern.compile("Command execution times exceed limit|shutdown");

    private final Path home;
    private final String version;
    private final Path directory;
    private final RunLog log;
    private final Map<Long, Integer> ports = new ConcurrentHashMap<>();

    /**
     * @param home the unpacked {@code arthas-packaging} bin zip
     * @param version its version, for the tables
     * @param directory the working directory and {@code user.home} for its client
     */
    ArthasTool(Path home, String version, Path directory, RunLog log) {
        this.home = home;
        this.version = version;
        this.directory = directory;
        this.log = log;
    }

    @Override
    public String name() {
        return "Arthas " + version;
    }

    @Override
    public String traceCommand() {
        return "watch " + CLASS + " " + METHOD + " '{params,returnObj}' -x 2 -n N";
    }

    @Override
    public String recordCommand() {
        return "tt -t " + CLASS + " " + METHOD + " -n N";
    }

    @Override
    public String captures() {
        return "arguments and return values (live objects, rendered by OGNL to depth -x), exceptions, cost;"
                + " stacks with its separate stack command; tt keeps the live objects";
    }

    @Override
    public Optional<String> unsupported(Jdk jdk) {
        return Optional.empty();
    }

    @Override
    public boolean hasCallBudget() {
        return true;
    }

    @Override
    public boolean records() {
        return true;
    }

    @Override
    public TraceRun trace(TargetJvm target, long limit) throws IOException {
        return command(target, traceCommand().replace(" N", " " + limit), WATCH_EVENT);
    }

    @Override
    public TraceRun record(TargetJvm target, long limit) throws IOException {
        return command(target, recordCommand().replace(" N", " " + limit), TT_ROW);
    }

    @Override
    public Optional<String> restore(TargetJvm target) throws IOException, InterruptedException {
        TraceRun reset = command(target, "reset", NOTHING);
        if (!reset.awaitEnd(120_000)) {
            reset.stop();
        }
        reset.finish();
        return Optional.of("reset");
    }

    @Override
    public void detach(TargetJvm target) throws IOException, InterruptedException {
        if (!ports.containsKey(target.pid())) {
            return;
        }
        TraceRun stop = command(target, "stop", NOTHING);
        if (!stop.awaitEnd(60_000)) {
            stop.stop();
        }
        stop.finish();
    }

    private TraceRun command(TargetJvm target, String command, Pattern event) throws IOException {
        int port = ports.computeIfAbsent(target.pid(), pid -> freeLoopbackPort());
        List<String> line = List.of(target.jdk().java().toString(), "-Duser.home=" + directory, "-jar",
                home.resolve("arthas-boot.jar").toString(), "--arthas-home", home.toString(),
                "--target-ip", "127.0.0.1", "--telnet-port", Integer.toString(port), "--http-port", "-1",
                "--width", "400", "-c", command, Long.toString(target.pid()));
        return new ClientRun(line, directory, "arthas", event, SUMMARY, log);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for Arthas's console", e);
        }
    }
}
