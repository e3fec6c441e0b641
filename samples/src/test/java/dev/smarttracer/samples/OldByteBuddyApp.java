package dev.smarttracer.samples;

import com.acme.Foo;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.recorder.Call;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application with its own, older ASM and Byte Buddy first on its class path, using the
 * published tracer-core: it traces a JDK class, a class of an isolated class loader and one of its
 * own, and prints {@code TRACED <counts>} and then {@code RESTORED} once nothing is traced any more.
 */
public final class OldByteBuddyApp {
    private OldByteBuddyApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("APPLICATION BYTE BUDDY FROM " + jarOf("net.bytebuddy.ByteBuddy"));
        System.out.println("APPLICATION ASM FROM " + jarOf("org.objectweb.asm.ClassReader"));

        List<Call> jdk = new CopyOnWriteArrayList<>();
        Trace deque = SmartTracer.trace(ArrayDeque.class.getMethod("addFirst", Object.class), 3,
                TraceOptions.defaults().allowJdkClasses(true).handler(jdk::add));
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (int i = 0; i < 5; i++) {
            queue.addFirst("item" + i);
        }

        List<Call> isolated = new CopyOnWriteArrayList<>();
        Path classes = Path.of(Foo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Method bar = loader.loadClass("com.acme.Foo").getMethod("bar", String.class);
            Trace foreign = SmartTracer.trace(bar, 2, TraceOptions.defaults().returns(true).handler(isolated::add));
            for (int i = 0; i < 3; i++) {
                bar.invoke(null, "isolated " + i);
            }
            await(foreign);
        }

        List<Call> mine = new CopyOnWriteArrayList<>();
        Trace local = SmartTracer.trace(Foo::bar, 2, TraceOptions.defaults().handler(mine::add));
        for (int i = 0; i < 3; i++) {
            Foo.bar("own " + i);
        }
        await(deque);
        await(local);
        System.out.println("TRACED " + jdk.size() + " " + isolated.size() + " " + mine.size());
        System.out.println(SmartTracer.activeTraces().isEmpty() ? "RESTORED" : "STILL TRACING " + SmartTracer.activeTraces());
    }

    private static Path jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName();
    }

    private static void await(Trace trace) throws InterruptedException {
        if (!trace.awaitCompleted(Duration.ofSeconds(20))) {
            throw new IllegalStateException("trace did not complete: " + trace);
        }
    }
}
