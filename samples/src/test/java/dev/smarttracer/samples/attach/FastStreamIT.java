package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fast stream by pid, through the command line as a user runs it: a method called 50,000 times a
 * second from two threads, 100,000 calls with their returns, every event delivered, each thread's
 * in the order it made them.
 */
@Timeout(300)
class FastStreamIT {

    private static final int CALLS = 100_000;

    @Test
    void twoThreadsAt25000CallsASecond_everyCallAndReturnArrives_inEachThreadsOrder(@TempDir Path dir)
            throws Exception {
        try (Target target = Target.startProgram(Target.classPath(), "com.acme.greeting.GreetingApp",
                List.of("-javaagent:" + Cli.agentJar()), List.of("--threads", "2", "--rate", "25000"))) {
            target.expect("ready ");
            String pid = Long.toString(target.pid());
            // The agent's own code compiled first, as in an application that has been traced before.
            Cli.Result warmUp = Cli.run("trace", pid, "com.acme.greeting.Greeter#greet", "5000", "--return");
            assertThat(warmUp.exitCode()).as(warmUp.stderr()).isZero();

            Cli.Result result = Cli.run("trace", pid, "com.acme.greeting.Greeter#greet", Integer.toString(CALLS),
                    "--return", "--json");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).contains("Limit reached: " + CALLS + " calls");
            Path file = dir.resolve("streamed.jsonl");
            Files.write(file, result.stdout(), StandardCharsets.UTF_8);
            List<Call> events = Recorder.readJsonLines(file);
            assertThat(events.stream().filter(event -> event.type() == CallType.CALL)).hasSize(CALLS);
            assertThat(events.stream().filter(event -> event.type() == CallType.RETURN)).hasSize(CALLS);

            Map<Long, List<Call>> byThread = new TreeMap<>();
            for (Call event : events) {
                byThread.computeIfAbsent(event.threadId(), thread -> new ArrayList<>()).add(event);
            }
            assertThat(byThread).as("both application threads").hasSize(2);
            byThread.forEach((thread, own) -> {
                assertThat(own.size() % 2).as("thread " + thread + ": a return for every call").isZero();
                long lastCall = 0;
                for (int i = 0; i < own.size(); i += 2) {
                    Call call = own.get(i);
                    Call back = own.get(i + 1);
                    assertThat(call.type()).as("thread " + thread + ", event " + i).isEqualTo(CallType.CALL);
                    assertThat(back.type()).as("thread " + thread + ", event " + (i + 1)).isEqualTo(CallType.RETURN);
                    assertThat(back.callId()).as("a call's return comes right after it").isEqualTo(call.callId());
                    assertThat(call.callId()).as("a thread's calls in the order it made them").isGreaterThan(lastCall);
                    assertThat(back.returnValue()).asString().startsWith("Hello, " + call.args().get(0));
                    lastCall = call.callId();
                }
            });
        }
    }
}
