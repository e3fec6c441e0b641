package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smarttracer.testsupport.ChildJvm;
import dev.smarttracer.testsupport.RunningCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the detach on the code as it runs: the JDK's serviceability agent dumps the class from
 * a live child JVM before tracing, while tracing and after the detach, and the methods' code is
 * compared instruction by instruction ({@link RunningCode}).
 */
@Tag("comparison") // a comparison of the running code through jhsdb: in ./mvnw verify -Psoak, which CI runs
class RunningBytecodeTest {

    @Test
    void tracedMethodReferencesTheBridge_andAfterDetachTheClassIsWhatItWas(@TempDir Path dir) throws Exception {
        Path jhsdb = RunningCode.jhsdb();
        assumeTrue(jhsdb != null, "this JDK has no jhsdb");
        try (ChildJvm child = ChildJvm.start("com.acme.TracedChild", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true")) {
            child.expect("READY");
            Map<String, List<String>> codeBefore = dump(jhsdb, child.pid(), dir.resolve("before"));

            child.send("trace");
            child.expect("TRACING");
            Map<String, List<String>> codeTraced = dump(jhsdb, child.pid(), dir.resolve("traced"));

            child.send("stop");
            assertThat(child.expect("DETACHED")).isEqualTo("DETACHED");
            Map<String, List<String>> codeAfter = dump(jhsdb, child.pid(), dir.resolve("after"));

            assertThat(RunningCode.callingBridge(codeBefore)).as("methods calling the bridge before tracing").isEmpty();
            assertThat(RunningCode.callingBridge(codeTraced)).as("methods calling the bridge while tracing")
                    .containsExactly("public static java.lang.String bar(java.lang.String);");
            assertThat(RunningCode.callingBridge(codeAfter)).as("methods calling the bridge after detach").isEmpty();
            assertThat(codeAfter).as("every method's running code after detach, instruction for instruction"
                    + " as before tracing").isEqualTo(codeBefore);
            assertThat(child.output()).as("nothing printed by the JVM about tracing")
                    .noneMatch(line -> line.contains("Sharing is only supported") || line.contains("WARNING"));
        }
    }

    @Test
    void constructorsLambdasAndClassesThatLoadWhileTracing_carryProbesWhileTraced_andNoneAfter(@TempDir Path dir)
            throws Exception {
        Path jhsdb = RunningCode.jhsdb();
        assumeTrue(jhsdb != null, "this JDK has no jhsdb");
        List<String> loadedFirst = List.of("com.acme.Built$Point", "com.acme.Handlers");
        List<String> loadedLater = List.of("com.acme.later.AppLoadedWorker", "com.acme.later.LateHandler",
                "com.acme.later.WatchedService");
        List<String> all = new java.util.ArrayList<>(loadedFirst);
        all.addAll(loadedLater);
        try (ChildJvm child = ChildJvm.start("com.acme.TracedChild", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true")) {
            child.expect("READY");
            Map<String, Map<String, List<String>>> before = RunningCode.dump(jhsdb, child.pid(), dir.resolve("before"),
                    loadedFirst);

            child.send("selections");
            child.expect("TRACING 5");
            Map<String, Map<String, List<String>>> traced = RunningCode.dump(jhsdb, child.pid(),
                    dir.resolve("traced"), all);

            child.send("stop-all");
            assertThat(child.expect("DETACHED")).isEqualTo("DETACHED");
            Map<String, Map<String, List<String>>> after = RunningCode.dump(jhsdb, child.pid(), dir.resolve("after"),
                    all);

            assertThat(RunningCode.callingBridge(traced.get("com.acme.Built$Point"))).as("constructors while traced")
                    .containsExactly("public com.acme.Built$Point(int, int);");
            assertThat(RunningCode.callingBridge(traced.get("com.acme.Handlers"))).as("the lambda's body")
                    .singleElement().asString().contains("lambda$shout$");
            assertThat(RunningCode.callingBridge(traced.get("com.acme.later.AppLoadedWorker")))
                    .containsExactly("public int applyAsInt(int);");
            assertThat(RunningCode.callingBridge(traced.get("com.acme.later.LateHandler")))
                    .containsExactly("public java.lang.String handle(java.lang.String);");
            assertThat(RunningCode.callingBridge(traced.get("com.acme.later.WatchedService")))
                    .containsExactly("public java.lang.String apply(java.lang.String);");
            for (String className : all) {
                assertThat(RunningCode.callingBridge(after.get(className))).as(className + " after detach").isEmpty();
            }
            for (String className : loadedFirst) {
                assertThat(after.get(className)).as(className + ", instruction for instruction as before tracing")
                        .isEqualTo(before.get(className));
            }
            for (String className : loadedLater) {
                // Found as a resource, never loaded here: other tests load these classes only once a trace waits.
                Path original = Path.of(getClass().getClassLoader().getResource(className.replace('.', '/') + ".class")
                        .toURI());
                Map<String, List<String>> fromFile = new java.util.LinkedHashMap<>(RunningCode.code(List.of(original)).get(0));
                // jhsdb's dumpclass leaves out the bridge methods the compiler adds (WatchedService's apply(Object)).
                fromFile.keySet().removeIf(method -> !after.get(className).containsKey(method)
                        && method.contains("(java.lang.Object)"));
                assertThat(after.get(className)).as(className + ", instruction for instruction as its class file")
                        .isEqualTo(fromFile);
            }
        }
    }

    private static Map<String, List<String>> dump(Path jhsdb, long pid, Path out) throws Exception {
        return RunningCode.dump(jhsdb, pid, out, List.of("com.acme.Foo")).get("com.acme.Foo");
    }
}
