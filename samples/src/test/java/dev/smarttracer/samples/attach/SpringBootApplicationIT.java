package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code smarttracer trace} by annotation against a Spring Boot web application in a JVM of its own
 * (module sample-web: Spring's own classes, Tomcat, Jackson), under a steady HTTP load that this
 * JVM sends it over the loopback: {@code @GetMapping} selects the handler method, every call
 * delivered is one of its requests, returns pair, and the application has no class instrumented
 * afterwards and keeps answering.
 */
@Tag("soak") // a run against an application of its own: in ./mvnw verify -Psoak, which CI runs
@Timeout(120)
class SpringBootApplicationIT {

    private static final String GET_MAPPING = "@org.springframework.web.bind.annotation.GetMapping";
    private static final String PRICE_CALL = "com.acme.web.ShopWebApplication.price/1 is being called with: ";

    private static Target web;
    private static String pid;
    private static Load load;

    @BeforeAll
    static void startTheApplicationUnderLoad() throws Exception {
        web = Target.startProgram(classPath(), "com.acme.web.ShopWebApplication", List.of("-Xmx256m"),
                List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
        pid = Long.toString(web.pid());
        String listening = web.expect("LISTENING ");
        int port = Integer.parseInt(listening.substring(listening.indexOf("LISTENING ") + 10).strip());
        load = new Load(URI.create("http://127.0.0.1:" + port + "/price?item="));
        assertThat(load.answered.await(60, TimeUnit.SECONDS)).as("the application answered the load").isTrue();
        load.assertRunning();
    }

    @AfterAll
    static void stopLoadAndApplication() throws InterruptedException {
        try {
            if (load != null) {
                load.close();
            }
        } finally {
            if (web != null) {
                web.close();
            }
        }
        assertThat(load == null || !load.thread.isAlive()).as("the load thread ended").isTrue();
    }

    @Test
    void anAnnotation_tracesTheHandlerMethodsItMarks_underHttpLoad() throws Exception {
        Cli.Result result = trace(GET_MAPPING, "5", "--return");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> calls = result.linesWith(" is being called with: ");
        assertThat(calls).as(result.toString()).hasSize(5)
                .allSatisfy(line -> assertThat(line).matches(java.util.regex.Pattern.quote(PRICE_CALL)
                        + "\\[\"item-\\d+\"]"));
        List<String> returns = result.linesWith("com.acme.web.ShopWebApplication.price/1 returns: ");
        assertThat(returns).hasSize(5).allSatisfy(line -> assertThat(line).matches(".*returns: \"item-\\d+=\\d+\""));
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 5 calls;");
        assertDetached();
    }

    @Test
    void anAnnotationNarrowedByMethodName_andOneNoClassCarries_waitsAndSaysSo() throws Exception {
        Cli.Result narrowed = trace(GET_MAPPING + "#pri*", "2");
        assertThat(narrowed.linesWith(PRICE_CALL)).as(narrowed.toString()).hasSize(2);
        assertDetached();

        try (Cli waiting = Cli.start("trace", pid, "@org.springframework.web.bind.annotation.DeleteMapping", "1",
                "--timeout", "6s", "--yes")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Cli.Result status = Cli.run("status", pid);
            while (!status.stdout().contains("    waits for classes to load: no loaded class has a method it selects yet")
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                status = Cli.run("status", pid);
            }
            assertThat(status.stdout()).as(status.toString()).anySatisfy(line -> assertThat(line).matches(
                    "  trace \\d+: @org\\.springframework\\.web\\.bind\\.annotation\\.DeleteMapping, 0/1 calls, ACTIVE"))
                    .contains("    waits for classes to load: no loaded class has a method it selects yet");
            Cli.Result none = waiting.await();
            assertThat(none.stderr()).as(none.toString()).contains("No class loaded in pid " + pid
                    + " has a method that @org.springframework.web.bind.annotation.DeleteMapping selects yet: the trace waits"
                    + " for classes to load");
            assertThat(none.stdout().get(none.stdout().size() - 1)).as(none.toString())
                    .startsWith("Time limit reached");
        }
        assertDetached();
    }

    /** Runs {@code smarttracer trace <pid> ...}, bounded by a timeout should the load stop. */
    private static Cli.Result trace(String... options) throws Exception {
        load.assertRunning();
        List<String> args = new ArrayList<>(List.of("trace", pid));
        args.addAll(List.of(options));
        if (!args.contains("--timeout")) {
            args.addAll(List.of("--timeout", "30s"));
        }
        args.add("--yes");
        return Cli.run(args.toArray(String[]::new));
    }

    /** Checks that the agent in the application runs no trace and has every class back as it was. */
    private static void assertDetached() throws Exception {
        String status = ControlSocket.status(web.pid());
        assertThat(ControlSocket.number(status, "instrumentedClasses")).as(status).isZero();
        assertThat(status).contains("\"traces\":[]");
        load.assertRunning();
    }

    /** The application's class path: module sample-web's jar and the dependencies it copied beside it. */
    private static String classPath() throws IOException {
        Path target = Path.of("..", "sample-web", "target").toAbsolutePath().normalize();
        Path lib = target.resolve("lib");
        assertThat(lib).as("module sample-web built (./mvnw verify builds it before this module)").isDirectory();
        try (Stream<Path> jars = Files.list(lib); Stream<Path> own = Files.list(target)) {
            List<Path> entries = new ArrayList<>(own.filter(p -> p.getFileName().toString().matches(
                    "sample-web-.*\\.jar") && !p.getFileName().toString().contains("sources")).toList());
            assertThat(entries).as("sample-web's jar in " + target).hasSize(1);
            entries.addAll(jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
            return entries.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }

    /** One thread of this JVM asking the application for a price every millisecond or so. */
    private static final class Load implements AutoCloseable {
        private final URI base;
        private final Thread thread;
        private final CountDownLatch answered = new CountDownLatch(50);
        private final CountDownLatch stop = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Load(URI base) {
            this.base = base;
            thread = new Thread(this::run, "web-load");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try {
                for (long step = 1; !stop.await(1, TimeUnit.MILLISECONDS); step++) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "item-" + step % 100))
                            .timeout(Duration.ofSeconds(10)).build();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || !response.body().startsWith("item-")) {
                        throw new AssertionError("the application answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    answered.countDown();
                }
            } catch (Throwable e) {
                if (stop.getCount() > 0) {
                    failure.set(e);
                }
            } finally {
                while (answered.getCount() > 0) {
                    answered.countDown();
                }
            }
        }

        void assertRunning() {
            assertThat(failure.get()).as("the load's failure").isNull();
            assertThat(thread.isAlive()).as("the load runs").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            stop.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}
