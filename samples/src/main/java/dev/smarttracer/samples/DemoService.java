package dev.smarttracer.samples;

import com.acme.shop.OrderService;
import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small order service to attach to: it handles an order every few milliseconds
 * ({@link OrderService}: a private pricing method, an exception thrown deep in a callee, an
 * implicit {@code NullPointerException}), until it is stopped.
 *
 * <pre>
 * java -cp samples/target/classes dev.smarttracer.samples.DemoService
 * java -jar tracer-agent/target/smarttracer.jar jvms
 * java -jar tracer-agent/target/smarttracer.jar trace PID 'com.acme.shop.Pricing#discount' 5 --return --local --record
 * </pre>
 *
 * <p>Options: {@code --interval-ms N} between orders (default 10; 0 runs them back to back), and
 * {@code --report-ms N} to print, every N ms, a line {@code WINDOW <epoch ms> <orders> <worst
 * order latency ns>} (for measuring what tracing costs the service). Lines on standard input,
 * for tests: {@code trace-inprocess <pattern> <limit>} traces in-process with the application's
 * own SmartTracer ({@code Scope.LOCAL}, returns) and prints {@code INPROCESS trace=<id>
 * calls=<n> reason=<reason>} when that trace has completed; {@code find-class <name>} prints
 * {@code CLASS <name> visible from <where>} or {@code absent}, as the application's class loader sees it;
 * {@code exit} ends the service.
 */
public final class DemoService {

    private DemoService() {
    }

    /**
     * Runs the service.
     *
     * @param args {@code --interval-ms N}, {@code --report-ms N}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        long intervalNanos = Duration.ofMillis(option(args, "--interval-ms", 10)).toNanos();
        long reportNanos = Duration.ofMillis(option(args, "--report-ms", 0)).toNanos();
        Thread commands = new Thread(DemoService::readCommands, "demo-commands");
        commands.setDaemon(true);
        commands.start();
        System.out.println("DemoService pid " + ProcessHandle.current().pid() + " is handling orders;"
                + " trace com.acme.shop.Pricing#discount (private), com.acme.shop.Inventory#reserve,"
                + " com.acme.shop.Receipts#greeting");
        System.out.flush();
        OrderService service = new OrderService();
        long windowStart = System.nanoTime();
        long windowOrders = 0;
        long windowWorst = 0;
        long next = System.nanoTime();
        for (long n = 1; ; n++) {
            long start = System.nanoTime();
            service.handle(n);
            long end = System.nanoTime();
            windowOrders++;
            windowWorst = Math.max(windowWorst, end - start);
            if (reportNanos > 0 && end - windowStart >= reportNanos) {
                System.out.println("WINDOW " + System.currentTimeMillis() + " " + windowOrders + " " + windowWorst);
                windowStart = end;
                windowOrders = 0;
                windowWorst = 0;
            }
            if (intervalNanos > 0) {
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        }
    }

    private static void readCommands() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("exit")) {
                    System.exit(0);
                } else if (words[0].equals("trace-inprocess") && words.length == 3) {
                    traceInProcess(words[1], Integer.parseInt(words[2]));
                } else if (words[0].equals("find-class") && words.length == 2) {
                    System.out.println("CLASS " + words[1] + " " + visibility(words[1]));
                }
            }
        } catch (Exception failed) {
            System.out.println("COMMAND FAILED " + failed);
        }
    }

    private static void traceInProcess(String pattern, int limit) throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        Trace trace = SmartTracer.trace(pattern, limit, TraceOptions.defaults().scope(Scope.LOCAL).returns(true)
                .handler(call -> {
                    if (call.type() == dev.smarttracer.recorder.CallType.CALL) {
                        calls.incrementAndGet();
                    }
                }));
        Thread waiter = new Thread(() -> {
            try {
                trace.awaitCompleted(Duration.ofSeconds(60));
                System.out.println("INPROCESS trace=" + trace.id() + " calls=" + calls.get() + " reason="
                        + trace.stopReason() + " detached=" + trace.awaitDetached(Duration.ofSeconds(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-inprocess-" + trace.id());
        waiter.start();
    }

    /** Tells whether the application's class loader sees a class: what an attached agent must not add. */
    private static String visibility(String name) {
        try {
            Class<?> type = Class.forName(name, false, DemoService.class.getClassLoader());
            java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
            return "visible from " + (source == null ? "the JDK" : source.getLocation());
        } catch (ClassNotFoundException | LinkageError absent) {
            return "absent";
        }
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }
}
