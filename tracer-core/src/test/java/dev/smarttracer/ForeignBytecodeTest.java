package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smarttracer.testsupport.ChildJvm;
import dev.smarttracer.testsupport.RunningCode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytecode that javac never writes is woven, traced with returns and detached as well as javac's: Kotlin
 * and Scala from their own libraries, classes already instrumented by JaCoCo's agent or advised by another
 * Byte Buddy agent, an old class file with {@code jsr}/{@code ret} subroutines, and methods a few hundred
 * bytes from the JVM's 64 KiB limit. One child JVM ({@code com.acme.foreign.ForeignBytecodeChild}) verifies
 * every class it loads or retransforms, the JDK's included; each test checks one case's results before,
 * while and after tracing, its events, and the code the JVM runs: woven exactly where planned while traced,
 * instruction for instruction as before once detached.
 */
@Tag("comparison") // a comparison of the running code through jhsdb: in ./mvnw verify -Psoak, which CI runs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignBytecodeTest {

    private static final Map<String, List<String>> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("kotlin-suspend", List.of("kotlinx.coroutines.flow.FlowKt__CollectionKt",
                "kotlinx.coroutines.DelayKt"));
        CLASSES.put("kotlin-stdlib", List.of("kotlin.collections.CollectionsKt___CollectionsKt"));
        CLASSES.put("scala", List.of("scala.collection.LinearSeqOps", "scala.collection.immutable.List",
                "scala.util.Either"));
        CLASSES.put("jacoco", List.of("com.acme.foreign.Covered"));
        CLASSES.put("byte-buddy-agent", List.of("com.acme.foreign.Advised", "com.acme.foreign.AdvisedAtLoad"));
        CLASSES.put("jsr-ret", List.of("com.acme.generated.Subroutines"));
        CLASSES.put("large-method", List.of("com.acme.generated.Big"));
    }

    private List<String> output;
    private Map<String, Map<String, List<String>>> before;
    private Map<String, Map<String, List<String>>> traced;
    private Map<String, Map<String, List<String>>> after;

    @BeforeAll
    void runTheChild(@TempDir Path dir) throws Exception {
        Path otherAgent = otherAgentJar(dir.resolve("other-agent.jar"));
        Path jhsdb = RunningCode.jhsdb();
        List<String> classes = CLASSES.values().stream().flatMap(List::stream).toList();
        try (ChildJvm child = ChildJvm.start("com.acme.foreign.ForeignBytecodeChild",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal", "-XX:+BytecodeVerificationRemote",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true",
                // What is checked is the bytecode and its verification, not how it is compiled: the client
                // compiler alone spares the 2-core machine the server compiler's work in this short run.
                "-XX:TieredStopAtLevel=1",
                "-javaagent:" + jacocoAgent() + "=includes=com.acme.foreign.Covered,output=none",
                "-javaagent:" + otherAgent)) {
            child.expect("READY");
            before = jhsdb == null ? null : RunningCode.dump(jhsdb, child.pid(), dir.resolve("before"), classes);
            child.send("trace");
            child.expect("TRACING");
            traced = jhsdb == null ? null : RunningCode.dump(jhsdb, child.pid(), dir.resolve("traced"), classes);
            child.send("stop");
            child.expect("DETACHED");
            after = jhsdb == null ? null : RunningCode.dump(jhsdb, child.pid(), dir.resolve("after"), classes);
            output = child.output();
        }
    }

    @Test
    void kotlinSuspendFunctions_aStateMachineCalledAgainOnResumption_andDelayWithAnInlinedFunction() {
        // toCollection returns COROUTINE_SUSPENDED with the collect call's result still under it on the stack.
        assertResults("kotlin-suspend", "[1, 2, 3]");
        assertThat(events("kotlin-suspend", 0)).isEqualTo("toCollection(obj, [], obj);"
                + " toCollection -> CoroutineSingletons.COROUTINE_SUSPENDED;"
                + " toCollection(null, null, obj); toCollection -> [1, 2, 3]");
        assertThat(events("kotlin-suspend", 1)).isEqualTo(String.join("; ", List.of(
                "delay(1, obj)", "delay -> CoroutineSingletons.COROUTINE_SUSPENDED",
                "delay(1, obj)", "delay -> CoroutineSingletons.COROUTINE_SUSPENDED",
                "delay(1, obj)", "delay -> CoroutineSingletons.COROUTINE_SUSPENDED")));
        assertRunningCode("kotlin-suspend", Map.of("kotlinx.coroutines.flow.FlowKt__CollectionKt",
                List.of("toCollection"), "kotlinx.coroutines.DelayKt", List.of("delay")));
    }

    @Test
    void kotlinInlineFunction_itsOwnBodyWithAnotherInlinedIntoIt_returnsAndThrows() {
        assertResults("kotlin-inline", "[2, 4, 6] / by zero");
        assertThat(events("kotlin-inline", 0)).isEqualTo("filter([1, 2, 3, 4, 5, 6], obj); filter -> [2, 4, 6];"
                + " filter([1, 0], obj); filter !! java.lang.ArithmeticException: / by zero");
        assertStdlibRunningCode();
    }

    @Test
    void kotlinDefaultArguments_theDefaultMethodFillsThemIn() {
        assertResults("kotlin-default-arguments", "a-b-c");
        assertThat(events("kotlin-default-arguments", 0)).isEqualTo(
                "joinToString$default([\"a\", \"b\", \"c\"], -, null, null, 0, null, null, 62, null);"
                        + " joinToString$default -> a-b-c");
        assertThat(events("kotlin-default-arguments", 1)).isEqualTo(
                "joinToString([\"a\", \"b\", \"c\"], -, , , -1, ..., null); joinToString -> a-b-c");
        assertStdlibRunningCode();
    }

    @Test
    void scala_traitMethodThroughItsStaticForwarder_aLoop_andAMatch() {
        assertResults("scala", "6 List(10, 20, 30) right 4 left no / by zero");
        assertThat(events("scala", 0)).isEqualTo("foldLeft$(List(1, 2, 3), 0, obj); foldLeft$ -> 6");
        assertThat(events("scala", 1)).isEqualTo("foldLeft(0, obj); foldLeft -> 6");
        assertThat(events("scala", 2)).isEqualTo("map(obj); map -> List(10, 20, 30)");
        assertThat(events("scala", 3)).isEqualTo("fold(obj, obj); fold -> right 4; fold(obj, obj); fold -> left no;"
                + " fold(obj, obj); fold !! java.lang.ArithmeticException: / by zero");
        assertRunningCode("scala", Map.of("scala.collection.LinearSeqOps", List.of("foldLeft", "foldLeft$"),
                "scala.collection.immutable.List", List.of("map"), "scala.util.Either", List.of("fold")));
    }

    @Test
    void instrumentedByJacoco_coverageIsCountedTheSameWhileTracedAndAfter() {
        String results = result("BEFORE", "jacoco");
        assertThat(results).startsWith("negative fizz one 10 / by zero probes ");
        assertThat(results.substring(results.lastIndexOf(' ') + 1)).as("JaCoCo's probes").matches("[01]+")
                .contains("1");
        assertResults("jacoco", results);
        assertThat(events("jacoco", 0)).isEqualTo("classify(-1); classify -> negative; classify(3); classify -> fizz;"
                + " classify(4); classify -> one; sumOfOddSquares([1, 2, 3]); sumOfOddSquares -> 10;"
                + " divide(6, 0); divide !! java.lang.ArithmeticException: / by zero");
        assertRunningCode("jacoco", Map.of("com.acme.foreign.Covered",
                List.of("classify", "divide", "sumOfOddSquares")));
        assertThat(before.get("com.acme.foreign.Covered")).as("JaCoCo's code is there")
                .anySatisfy((method, code) -> assertThat(method).contains("$jacocoInit"));
    }

    @Test
    void advisedByAnotherByteBuddyAgent_bothRun_andItsAdviceStillRunsAfterTheDetach() {
        assertThat(output).as("the other agent advised both classes and failed nowhere")
                .contains("OTHER AGENT ADVISED com.acme.foreign.Advised",
                        "OTHER AGENT ADVISED com.acme.foreign.AdvisedAtLoad")
                .noneMatch(line -> line.startsWith("OTHER AGENT ERROR"));
        // The other agent adds 1,000 to each price: SmartTracer sees what the caller gets.
        assertResults("byte-buddy-agent", "[1030, 1040, negative quantity -1, negative quantity -2]"
                + " advice entered 4 exited 4");
        assertThat(events("byte-buddy-agent", 0)).isEqualTo("price(3); price -> 1030; price(-1);"
                + " price !! java.lang.IllegalArgumentException: negative quantity -1");
        assertThat(events("byte-buddy-agent", 1)).isEqualTo("price(4); price -> 1040; price(-2);"
                + " price !! java.lang.IllegalArgumentException: negative quantity -2");
        assertRunningCode("byte-buddy-agent", Map.of("com.acme.foreign.Advised", List.of("price"),
                "com.acme.foreign.AdvisedAtLoad", List.of("price")));
    }

    @Test
    void oldClassFileWithJsrRetSubroutines_everySubroutineStillRunsAndReturns() {
        // nested(5) = 10, log +101 (both finally blocks); nested(-1) throws, +101; chain(4) = 0+1+2+3 + 4 * 1000;
        // returnInFinally(3) = 3, +3 +1000; returnInFinally(20) = -1 from the finally, +20; onStack(41) = 42, +1;
        // onStack(-5) = 0.
        assertResults("jsr-ret", "[10, java.lang.IllegalArgumentException: negative, 4006, 3, -1, 42, 0] log +1226");
        assertThat(events("jsr-ret", 0)).isEqualTo(String.join("; ", List.of(
                "nested(5)", "nested -> 10", "nested(-1)", "nested !! java.lang.IllegalArgumentException: negative",
                "chain(4)", "chain -> 4006", "returnInFinally(3)", "returnInFinally -> 3", "returnInFinally(20)",
                "returnInFinally -> -1", "onStack(41)", "onStack -> 42", "onStack(-5)", "onStack -> 0")));
        assertRunningCode("jsr-ret", Map.of("com.acme.generated.Subroutines",
                List.of("chain", "nested", "onStack", "returnInFinally")));
    }

    @Test
    void methodsNearThe64KiBLimit_oneWithRoomIsTraced_oneWithoutIsRefusedNamingIt_andNothingIsLeftHalfWoven() {
        assertResults("large-method", "[-1, 10001, 13512, 7]");
        String refusal = line("REFUSED large-method ");
        assertThat(refusal).as("trace(\"com.acme.generated.Big#*\") refused")
                .startsWith("java.lang.IllegalArgumentException: cannot trace com.acme.generated.Big#overLimit():")
                .contains("the JVM's limit of 65,535 bytes (64 KiB)", "trace the methods it calls instead",
                        "nothing is traced")
                .doesNotContain("nearLimit")
                .as("no class or trace was left behind by the refusal")
                .matches(".* \\| classes instrumented (\\d+) -> \\1, traces (\\d+) -> \\2");
        assertThat(events("large-method", 0)).isEqualTo("nearLimit(0); nearLimit -> -1; nearLimit(1);"
                + " nearLimit -> 10001; nearLimit(-20000); nearLimit -> 13512");
        assertRunningCode("large-method", Map.of("com.acme.generated.Big", List.of("nearLimit")));
    }

    @Test
    void noCaseFailedToTraceOrRun_andTheVerifierRejectedNothing() {
        assertThat(output).noneMatch(line -> line.contains("VerifyError") || line.startsWith("TRACE-FAILED")
                || line.startsWith("NOT-REFUSED") || line.contains("FAILED "));
    }

    /** The case's workload gave {@code expected} before tracing, while traced and after the detach. */
    private void assertResults(String name, String expected) {
        assertThat(List.of(result("BEFORE", name), result("TRACED", name), result("AFTER", name)))
                .as(name + ": results before, while and after tracing").containsOnly(expected);
    }

    private void assertStdlibRunningCode() {
        assertRunningCode("kotlin-stdlib", Map.of("kotlin.collections.CollectionsKt___CollectionsKt",
                List.of("filter", "joinToString", "joinToString$default")));
    }

    /**
     * The case's classes ran no probe code before tracing; while traced, exactly the named methods did;
     * after the detach every method's code is what it was before.
     */
    private void assertRunningCode(String name, Map<String, List<String>> woven) {
        assumeTrue(before != null, "this JDK has no jhsdb to read the running code");
        for (String className : CLASSES.get(name)) {
            assertThat(RunningCode.callingBridge(before.get(className))).as(className + " before tracing").isEmpty();
            assertThat(methodNames(RunningCode.callingBridge(traced.get(className)))).as(className + " while traced")
                    .containsExactlyInAnyOrderElementsOf(woven.get(className));
            assertThat(after.get(className)).as(className + " after the detach, instruction for instruction")
                    .isEqualTo(before.get(className));
        }
    }

    private static List<String> methodNames(List<String> declarations) {
        List<String> names = new ArrayList<>();
        for (String declaration : declarations) {
            String head = declaration.substring(0, declaration.indexOf('('));
            names.add(head.substring(head.lastIndexOf(' ') + 1));
        }
        return names;
    }

    private String result(String phase, String name) {
        return line(phase + " " + name + " ");
    }

    private String events(String name, int trace) {
        return line("EVENTS " + name + " " + trace + " ");
    }

    private String line(String prefix) {
        return output.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "in " + output));
    }

    /** The JaCoCo agent jar on this test's class path. */
    private static String jacocoAgent() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.matches(".*org\\.jacoco\\.agent-[^" + File.separator + "]*-runtime\\.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no JaCoCo agent jar on the class path"));
    }

    /** An agent jar with only a manifest: its premain class comes from the class path. */
    private static Path otherAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "com.acme.foreign.OtherAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
