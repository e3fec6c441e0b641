package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Nulls;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While a method is traced, the JVM's helpful NullPointerException messages inside it stay the same. */
class HelpfulMessagesTest {

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void compiledWithDebugInfo_everyMessageIsUnchanged() throws Exception {
        List<String> before = messages(Nulls.class);
        SmartTracer.trace("com.acme.Nulls#*", 1_000, TraceOptions.defaults().returns(true).handler(TraceHandler.discard()));
        assertThat(messages(Nulls.class)).isEqualTo(before)
                .anySatisfy(m -> assertThat(m).contains("\"text\" is null"))
                .anySatisfy(m -> assertThat(m).contains("\"this.field\" is null"))
                .anySatisfy(m -> assertThat(m).contains("\"local\" is null"));
    }

    @Test
    void compiledWithoutDebugInfo_everyMessageIsUnchanged_localsKeepTheirSlotNumbers(@TempDir Path dir)
            throws Exception {
        Class<?> plain = compileWithoutDebugInfo(dir);
        List<String> before = messages(plain);
        assertThat(before.get(0)).contains("\"<parameter1>\" is null");
        assertThat(before.get(1)).contains("\"this.field\" is null");
        // Without a local variable table the JVM names a local by its slot: the tracing code's own locals
        // come after the method's, so this number stays.
        assertThat(before.get(2)).contains("\"<local1>\" is null");
        Trace trace = SmartTracer.trace(plain.getName() + "#*", 1_000,
                TraceOptions.defaults().returns(true).handler(TraceHandler.discard()));
        assertThat(messages(plain)).isEqualTo(before);
        trace.close();
        assertThat(trace.awaitCompleted(Duration.ofSeconds(10))).isTrue();
        assertThat(trace.delivered()).as("calls traced").isEqualTo(3);
    }

    private static List<String> messages(Class<?> type) throws Exception {
        Object instance = type.getConstructor().newInstance();
        List<String> messages = new ArrayList<>();
        messages.add(npe(type.getMethod("parameterLength", String.class), instance, (Object) null));
        messages.add(npe(type.getMethod("fieldLength"), instance));
        messages.add(npe(type.getMethod("localLength", Object.class), null, (Object) null));
        return messages;
    }

    private static String npe(Method method, Object target, Object... args) throws Exception {
        try {
            method.invoke(target, args);
            throw new AssertionError(method + " did not throw");
        } catch (InvocationTargetException thrown) {
            assertThat(thrown.getCause()).isInstanceOf(NullPointerException.class);
            return thrown.getCause().getMessage();
        }
    }

    private static Class<?> compileWithoutDebugInfo(Path dir) throws IOException, ClassNotFoundException {
        Path source = dir.resolve("src/com/acme/plain/Nulls.java");
        Files.createDirectories(source.getParent());
        try (InputStream original = HelpfulMessagesTest.class.getResourceAsStream("/com/acme/Nulls.java")) {
            String text = original != null ? new String(original.readAllBytes())
                    : Files.readString(Path.of("src/test/java/com/acme/Nulls.java"));
            Files.writeString(source, text.replace("package com.acme;", "package com.acme.plain;"));
        }
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-g:none", "-d", classes.toString(),
                source.toString());
        assertThat(status).as("javac -g:none").isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                HelpfulMessagesTest.class.getClassLoader());
        return loader.loadClass("com.acme.plain.Nulls");
    }
}
