package com.acme.foreign;

import dev.smarttracer.Scope;
import dev.smarttracer.SmartTracer;
import dev.smarttracer.Trace;
import dev.smarttracer.TraceOptions;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.Rendered;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import kotlin.collections.CollectionsKt;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function1;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.DelayKt;
import kotlinx.coroutines.flow.Flow;
import kotlinx.coroutines.flow.FlowKt;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import scala.util.Left;
import scala.util.Right;

/**
 * A JVM that runs code no javac wrote, traces it with returns, detaches, and runs it again, so that a test
 * can check the results, the events and, from outside, the running code. Run it with the verifier on for
 * every class, JaCoCo's agent (for {@link Covered}) and {@link OtherAgent}.
 *
 * <p>Each case has a workload whose result is a string, and patterns to trace (one trace each, with
 * returns). Prints {@code BEFORE case result} for each case, then {@code READY}. Commands on standard
 * input: {@code trace} starts every case's traces and runs its workload ({@code TRACED case result}, or
 * {@code TRACE-FAILED case why}), then prints {@code TRACING}; {@code stop} closes them, prints each
 * trace's events ({@code EVENTS case index summary}), runs every workload again ({@code AFTER case result}),
 * and prints {@code DETACHED} if every trace completed.
 */
public final class ForeignBytecodeChild {

    private static final TraceOptions OPTIONS = TraceOptions.defaults().scope(Scope.LOCAL).returns(true);

    private ForeignBytecodeChild() {
    }

    /**
     * A case: the patterns to trace, one trace each; a pattern that must be refused instead, or null; the
     * workload.
     */
    private record Case(String name, List<String> patterns, String refused, Callable<String> work) {
    }

    public static void main(String[] args) throws Exception {
        Definer definer = new Definer(ForeignBytecodeChild.class.getClassLoader());
        Class<?> subroutines = definer.define(Subroutines.NAME, Subroutines.classFile());
        Class<?> big = definer.define(LargeMethods.NAME, LargeMethods.classFile());
        List<Case> cases = List.of(
                new Case("kotlin-suspend", List.of("kotlinx.coroutines.flow.FlowKt__CollectionKt#toCollection",
                        "kotlinx.coroutines.DelayKt#delay"), null, ForeignBytecodeChild::suspending),
                new Case("kotlin-inline", List.of("kotlin.collections.CollectionsKt___CollectionsKt#filter"), null,
                        ForeignBytecodeChild::inline),
                new Case("kotlin-default-arguments", List.of(
                        "kotlin.collections.CollectionsKt___CollectionsKt#joinToString$default",
                        "kotlin.collections.CollectionsKt___CollectionsKt#joinToString"), null,
                        ForeignBytecodeChild::defaultArguments),
                new Case("scala", List.of("scala.collection.LinearSeqOps#foldLeft$",
                        "scala.collection.LinearSeqOps#foldLeft", "scala.collection.immutable.List#map",
                        "scala.util.Either#fold"), null, ForeignBytecodeChild::scala),
                new Case("jacoco", List.of(Covered.class.getName() + "#*"), null, ForeignBytecodeChild::covered),
                new Case("byte-buddy-agent", List.of(Advised.class.getName() + "#price",
                        AdvisedAtLoad.class.getName() + "#price"), null, ForeignBytecodeChild::advised),
                new Case("jsr-ret", List.of(Subroutines.NAME + "#*"), null, () -> subroutines(subroutines)),
                new Case("large-method", List.of(LargeMethods.NAME + "#nearLimit"), LargeMethods.NAME + "#*",
                        () -> large(big)));
        for (Case c : cases) {
            System.out.println("BEFORE " + c.name() + " " + result(c));
        }
        System.out.println("READY");

        Map<Case, List<Trace>> traces = new LinkedHashMap<>();
        Map<Trace, List<Call>> calls = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "trace" -> {
                    for (Case c : cases) {
                        try {
                            if (c.refused() != null) {
                                refuse(c);
                            }
                            List<Trace> started = new ArrayList<>();
                            for (String pattern : c.patterns()) {
                                List<Call> received = new CopyOnWriteArrayList<>();
                                Trace trace = SmartTracer.trace(pattern, 10_000, OPTIONS.handler(received::add));
                                started.add(trace);
                                calls.put(trace, received);
                            }
                            traces.put(c, started);
                            System.out.println("TRACED " + c.name() + " " + result(c));
                        } catch (Throwable failure) {
                            System.out.println("TRACE-FAILED " + c.name() + " " + why(failure));
                        }
                    }
                    System.out.println("TRACING");
                }
                case "stop" -> {
                    // All first: a workload run after its own detach must not reach another case's trace.
                    traces.values().forEach(started -> started.forEach(Trace::close));
                    boolean detached = true;
                    for (Map.Entry<Case, List<Trace>> traced : traces.entrySet()) {
                        for (int i = 0; i < traced.getValue().size(); i++) {
                            Trace trace = traced.getValue().get(i);
                            detached &= trace.awaitCompleted(Duration.ofSeconds(30));
                            System.out.println("EVENTS " + traced.getKey().name() + " " + i + " "
                                    + summary(calls.get(trace)));
                        }
                    }
                    for (Case c : cases) {
                        System.out.println("AFTER " + c.name() + " " + result(c));
                    }
                    System.out.println(detached ? "DETACHED" : "STILL ATTACHED");
                }
                case "exit" -> {
                    return;
                }
                default -> System.out.println("UNKNOWN " + line);
            }
        }
    }

    /** Tries to trace what the case says cannot be, and prints what happened. */
    private static void refuse(Case c) {
        int instrumented = TraceEngine.instance().instrumentedClasses();
        int active = SmartTracer.activeTraces().size();
        try {
            Trace trace = SmartTracer.trace(c.refused(), 10_000, OPTIONS);
            trace.close();
            System.out.println("NOT-REFUSED " + c.name() + " " + c.refused());
        } catch (Throwable refusal) {
            System.out.println("REFUSED " + c.name() + " " + refusal.getClass().getName() + ": " + refusal.getMessage()
                    + " | classes instrumented " + instrumented + " -> " + TraceEngine.instance().instrumentedClasses()
                    + ", traces " + active + " -> " + SmartTracer.activeTraces().size());
        }
    }

    private static String result(Case c) {
        try {
            return c.work().call();
        } catch (Throwable failure) {
            return "FAILED " + why(failure);
        }
    }

    private static String why(Throwable failure) {
        StringBuilder why = new StringBuilder().append(failure);
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            why.append(" <- ").append(cause);
        }
        return why.toString().replace('\n', ' ');
    }

    /** A trace's events in the order they came: calls with their arguments, returns, throws. */
    private static String summary(List<Call> calls) {
        return calls.stream().map(call -> switch (call.type()) {
            case CALL -> call.methodName() + call.args().stream().map(ForeignBytecodeChild::value)
                    .collect(Collectors.joining(", ", "(", ")"));
            case RETURN -> call.methodName() + " -> " + value(call.returnValue());
            case EXCEPTION -> call.methodName() + " !! " + call.exception().type() + ": " + call.exception().message();
        }).collect(Collectors.joining("; "));
    }

    /** A value as traced; objects whose rendering holds no stable content (lambdas, continuations) as obj. */
    private static String value(Object value) {
        if (value instanceof Rendered rendered && !rendered.type().startsWith("java.")
                && !rendered.type().startsWith("scala.collection.") && !rendered.type().endsWith("[]")) {
            return "obj";
        }
        return String.valueOf(value);
    }

    // Kotlin, from kotlinx-coroutines: a suspend function's state machine, which returns with a value left
    // under its own on the stack and is called again on resumption; delay, with an inline function inlined.
    private static String suspending() throws InterruptedException {
        Function2<Integer, Continuation<? super kotlin.Unit>, Object> pause =
                (value, continuation) -> DelayKt.delay(1, continuation);
        Flow<Integer> flow = FlowKt.onEach(FlowKt.flowOf(1, 2, 3), pause);
        Object list = BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
                (scope, continuation) -> FlowKt.toList(flow, new ArrayList<>(), continuation));
        return String.valueOf(list);
    }

    // Kotlin, from its standard library: an inline function's own body, with another inlined into it.
    private static String inline() {
        List<Integer> even = CollectionsKt.filter(List.of(1, 2, 3, 4, 5, 6), value -> value % 2 == 0);
        String thrown;
        try {
            CollectionsKt.filter(List.of(1, 0), value -> 6 / value > 0);
            thrown = "nothing thrown";
        } catch (ArithmeticException expected) {
            thrown = expected.getMessage();
        }
        return even + " " + thrown;
    }

    // Kotlin, from its standard library: a $default method filling in default arguments.
    private static String defaultArguments() throws ReflectiveOperationException {
        Method joinToString = CollectionsKt.class.getMethod("joinToString$default", Iterable.class, CharSequence.class,
                CharSequence.class, CharSequence.class, int.class, CharSequence.class, Function1.class, int.class,
                Object.class);
        joinToString.setAccessible(true);
        // Bit i of the mask: parameter i takes its default. Here only the separator is given.
        return (String) joinToString.invoke(null, List.of("a", "b", "c"), "-", null, null, 0, null, null, 0b111110,
                null);
    }

    // Scala, from its library: a trait's method, called through its static forwarder; a loop; a match.
    private static String scala() {
        scala.collection.immutable.List<Integer> list =
                CollectionConverters.asScala(List.of(1, 2, 3).iterator()).toList();
        Integer sum = list.foldLeft(0, (total, value) -> total + value);
        scala.collection.immutable.List<Integer> tens = list.map(value -> value * 10);
        Either<String, Integer> right = new Right<>(4);
        Either<String, Integer> left = new Left<>("no");
        String folded = right.fold(l -> "left " + l, r -> "right " + r) + " " + left.fold(l -> "left " + l,
                r -> "right " + r);
        String thrown;
        try {
            new Right<String, Integer>(0).fold(l -> l, r -> String.valueOf(1 / r));
            thrown = "nothing thrown";
        } catch (ArithmeticException expected) {
            thrown = expected.getMessage();
        }
        return sum + " " + tens + " " + folded + " " + thrown;
    }

    // Instrumented by JaCoCo's agent: the result holds which of its coverage probes ran.
    private static String covered() throws Exception {
        JacocoCoverage.reset();
        String results = Covered.classify(-1) + " " + Covered.classify(3) + " " + Covered.classify(4) + " "
                + Covered.sumOfOddSquares(1, 2, 3);
        try {
            Covered.divide(6, 0);
        } catch (ArithmeticException expected) {
            results += " " + expected.getMessage();
        }
        return results + " probes " + JacocoCoverage.probes(Covered.class.getName().replace('.', '/'));
    }

    // Advised by another agent: the result holds its advice's effect and how often it ran.
    private static String advised() {
        int entered = OtherAgent.ENTERED.get();
        int exited = OtherAgent.EXITED.get();
        List<String> results = new ArrayList<>();
        results.add(String.valueOf(Advised.price(3)));
        results.add(String.valueOf(AdvisedAtLoad.price(4)));
        for (int quantity : new int[] {-1, -2}) {
            try {
                results.add(String.valueOf(quantity == -1 ? Advised.price(quantity) : AdvisedAtLoad.price(quantity)));
            } catch (IllegalArgumentException expected) {
                results.add(expected.getMessage());
            }
        }
        return results + " advice entered " + (OtherAgent.ENTERED.get() - entered) + " exited "
                + (OtherAgent.EXITED.get() - exited);
    }

    // An old class file with jsr/ret subroutines: the result holds what the subroutines did too.
    private static String subroutines(Class<?> type) throws Exception {
        int log = type.getField("log").getInt(null);
        List<String> results = new ArrayList<>();
        results.add(invoke(type, "nested", 5));
        results.add(invoke(type, "nested", -1));
        results.add(invoke(type, "chain", 4));
        results.add(invoke(type, "returnInFinally", 3));
        results.add(invoke(type, "returnInFinally", 20));
        results.add(invoke(type, "onStack", 41));
        results.add(invoke(type, "onStack", -5));
        return results + " log +" + (type.getField("log").getInt(null) - log);
    }

    private static String large(Class<?> type) throws Exception {
        return List.of(invoke(type, "nearLimit", 0), invoke(type, "nearLimit", 1), invoke(type, "nearLimit", -20_000),
                String.valueOf(type.getMethod("overLimit").invoke(null))).toString();
    }

    private static String invoke(Class<?> type, String name, int argument) throws ReflectiveOperationException {
        try {
            return String.valueOf(type.getMethod(name, int.class).invoke(null, argument));
        } catch (InvocationTargetException thrown) {
            return thrown.getCause().toString();
        }
    }

    /** Defines generated classes; everything else comes from its parent. */
    private static final class Definer extends ClassLoader {
        Definer(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] classFile) throws ClassNotFoundException {
            defineClass(name, classFile, 0, classFile.length);
            // Initialising links the class: the JVM verifies it now.
            return Class.forName(name, true, this);
        }
    }
}
