package dev.smarttracer.samples;

import com.acme.Foo;
import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallFormatter;
import dev.smarttracer.recorder.Recorder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * SmartTracer's walkthrough, step by step: trace a method's next calls, then with return values,
 * then a private method, then into a custom tracer, then record and play back. Run it with
 * {@code ./mvnw -q -DskipTests -pl samples -am package exec:exec}.
 */
public final class QuickStart {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final PrintStream out;

    QuickStart(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the walkthrough.
     *
     * @param args ignored
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        new QuickStart(System.out).run();
    }

    void run() throws InterruptedException, IOException {
        step("1. Trace the next 5 calls of Foo::bar; the default handler logs their arguments.",
                "SmartTracer.trace(Foo::bar, 5)");
        Trace arguments = SmartTracer.trace(Foo::bar, 5);
        callBar(6);
        finish(arguments, "The 6th call was not traced: the trace switched itself off and restored Foo.");

        step("2. The same, with return values.",
                "SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().returns(true).record(true))");
        Trace returns = SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().returns(true).record(true));
        callBar(5);
        finish(returns, "Every traced call's return arrived, the 5th included; the trace was also recorded.");

        step("3. The private Foo.getName needs Scope.LOCAL.", "SmartTracer.trace(Foo.class, \"getName\", 5)");
        try {
            SmartTracer.trace(Foo.class, "getName", 5);
        } catch (IllegalArgumentException refused) {
            out.println("    refused: " + refused.getMessage());
        }
        out.println("  > SmartTracer.trace(Foo.class, \"getName\", 5, TraceOptions.defaults().scope(Scope.LOCAL).returns(true))");
        Trace local = SmartTracer.trace(Foo.class, "getName", 5,
                TraceOptions.defaults().scope(Scope.LOCAL).returns(true));
        callBar(2);
        local.close();
        finish(local, "close() stopped it after 2 calls; Foo is restored.");

        step("4. A custom tracer receives the events instead of the logger.",
                "new MyTracer(System.out).trace(Foo::bar, 3, TraceOptions.defaults().returns(true))");
        Trace custom = new MyTracer(out).trace(Foo::bar, 3, TraceOptions.defaults().returns(true));
        callBar(3);
        finish(custom, "MyTracer saw every event; the trace's own figures:");
        out.println("    " + custom.stats());

        step("5. Record quietly, then play back, export and import.",
                "SmartTracer.trace(Foo::bar, 3, TraceOptions.defaults().record(true).returns(true).handler(TraceHandler.discard()))");
        Trace recorded = SmartTracer.trace(Foo::bar, 3,
                TraceOptions.defaults().record(true).returns(true).handler(TraceHandler.discard()));
        callBar(3);
        finish(recorded, "Nothing was printed while tracing.");
        out.println("  > SmartTracer.playback(" + recorded.id() + ")");
        for (Call call : SmartTracer.playback(recorded.id())) {
            out.println("    " + call.type() + " #" + call.callId() + " " + CallFormatter.describe(call));
        }
        out.println("  > SmartTracer.playback(TraceHandler.logging())   prints every recording as it was printed live");
        SmartTracer.playback(TraceHandler.logging());
        Path file = Files.createTempFile("smarttracer-quickstart-", ".jsonl");
        try {
            out.println("  > SmartTracer.recorder().exportJsonLines(file); Recorder.readJsonLines(file)");
            long written = SmartTracer.recorder().exportJsonLines(file);
            List<Call> back = Recorder.readJsonLines(file);
            out.println("    wrote " + written + " events as JSON Lines, read back " + back.size()
                    + (back.equals(SmartTracer.playback()) ? ", identical" : ", DIFFERENT"));
            out.println("    first line: " + Files.readAllLines(file).get(0));
        } finally {
            Files.deleteIfExists(file);
        }
        out.println("    recorded stats of trace " + recorded.id() + ": " + SmartTracer.recorder().stats(recorded.id()));

        out.println();
        out.println("Done: " + SmartTracer.activeTraces().size() + " traces active.");
    }

    private void step(String what, String code) {
        out.println();
        out.println(what);
        out.println("  > " + code);
    }

    private void callBar(int times) {
        String[] names = {"Buzz", "Bazz", "Bizz", "Bozz", "Bezz", "Byzz"};
        out.println("    calling Foo.bar " + times + " times");
        for (int i = 0; i < times; i++) {
            Foo.bar(names[i % names.length]);
        }
    }

    private void finish(Trace trace, String note) throws InterruptedException {
        if (!trace.awaitCompleted(WAIT)) {
            throw new IllegalStateException("trace " + trace.id() + " did not complete within " + WAIT);
        }
        out.println("    " + note);
    }
}
