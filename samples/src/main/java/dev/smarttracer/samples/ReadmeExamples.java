package dev.smarttracer.samples;

import com.acme.Foo;
import com.acme.GreetingService;
import com.acme.MemoryRepository;
import com.acme.Repository;
import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceHandler;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The README's "API in twenty lines", compiled and run by the build so that the README cannot
 * drift from the API. Each statement is the README's, with calls added to make it do something.
 */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /**
     * Runs every README line.
     *
     * @param jsonl where the export example writes
     * @return the calls the last example played back
     * @throws Exception if an example fails
     */
    @SuppressWarnings("try") // the README's try-with-resources line does not name its trace inside
    public static List<Call> run(Path jsonl) throws Exception {
        Queue<Call> queue = new ConcurrentLinkedQueue<>();
        new GreetingService().getGreeting("warm-up");

        SmartTracer.trace(Foo::bar, 5);
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().returns(true));
        SmartTracer.trace(Foo.class, "getName", 5, TraceOptions.defaults().scope(Scope.LOCAL));
        SmartTracer.trace("com.acme.*Service#get*", 100,
                TraceOptions.defaults().rate(10, Duration.ofSeconds(1)).timeout(Duration.ofMinutes(1)));
        SmartTracer.trace(Foo.class.getMethod("bar", String.class), 5);
        new MyTracer(System.out).trace(Foo::bar, 5);
        try (Trace t = SmartTracer.trace(Foo::bar, 5)) {
            Foo.bar("inside try");
        }
        Trace queued = SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().handler(call -> queue.add(call)));
        new GreetingService().getGreeting("Buzz");
        SmartTracer.stop();
        // Events reach handlers on the tracer's own threads: wait for this trace's to arrive.
        if (!queued.awaitCompleted(Duration.ofSeconds(10))) {
            throw new IllegalStateException("the queue handler's trace did not complete");
        }

        // Which calls count.
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().thread("http-nio-*").sample(10));
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().raised(true).slowerThan(Duration.ofMillis(200)));
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().when((args, thread) -> "Buzz".equals(args.get(0))));
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().whenCompleted(call -> call.elapsed().toMillis() > 200));
        SmartTracer.trace(Foo::bar, 20, TraceOptions.defaults().distinct(args -> args.get(0), 2));
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().stack(8));
        SmartTracer.trace(Foo::bar, 5, TraceOptions.defaults().where("args[0] == 'Buzz' && thread == 'main'"));
        SmartTracer.trace(Foo::bar, 20, TraceOptions.defaults().distinct("args[0]", 2));
        Repository repository = new MemoryRepository();
        SmartTracer.trace(Repository::save, 20);              // an interface: every implementation, now or later
        java.util.function.UnaryOperator<String> cleaning = com.acme.OrderHandlers.cleaning();
        SmartTracer.trace(MemoryRepository::new, 5);          // a constructor
        SmartTracer.trace(cleaning, 5);                       // the body of a lambda you hold
        SmartTracer.trace("@com.acme.Audited", 10);               // an annotation: every method that carries it
        SmartTracer.trace("com.acme.plugins.*#handle", 5);        // waits for classes that load later
        repository.save("Buzz");
        new MemoryRepository().save(cleaning.apply(" Fizz "));
        Foo.bar("Buzz");
        Object plugin = Class.forName("com.acme.plugins.HelloPlugin").getDeclaredConstructor().newInstance();
        plugin.getClass().getMethod("handle", String.class).invoke(plugin, "Buzz");
        SmartTracer.stop();

        Trace t = SmartTracer.trace(Foo::bar, 1_000, TraceOptions.defaults().record(true));
        Foo.bar("recorded");
        t.close();
        System.out.println(t.state() + " " + t.stopReason());
        t.awaitDetached(Duration.ofSeconds(1));
        t.awaitCompleted(Duration.ofSeconds(1));
        System.out.println(t.delivered() + " " + t.stats());
        List<Call> calls = SmartTracer.playback(t.id());
        SmartTracer.playback(TraceHandler.logging());
        SmartTracer.recorder().exportJsonLines(jsonl);
        if (queue.isEmpty()) {
            throw new IllegalStateException("the queue handler received nothing");
        }
        return calls;
    }
}
