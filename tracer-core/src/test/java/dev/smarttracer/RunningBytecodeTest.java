package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smarttracer.testsupport.ChildJvm;
import dev.smarttracer.testsupport.RunningCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the detach on the code as it runs: the JDK's serviceability agent dumps the class from
 * a live child JVM before tracing, while tracing and after the detach, and the methods' code is
 * compared instruction by instruction ({@link RunningCode}).
 */
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

    private static Map<String, List<String>> dump(Path jhsdb, long pid, Path out) throws Exception {
        return RunningCode.dump(jhsdb, pid, out, List.of("com.acme.Foo")).get("com.acme.Foo");
    }
}
