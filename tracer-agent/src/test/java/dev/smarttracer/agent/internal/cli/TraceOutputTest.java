package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a trace's summary says when it ended {@code OVERLOAD}: what filled, and what to do. */
class TraceOutputTest {

    @Test
    void aQueueThatFilled_inEventsOrBytes_isNamedWithItsBound_andWhatToDo() {
        assertThat(TraceOutput.overload("events", 100_000)).isEqualTo(" Its queue in the target reached its bound,"
                + " 100000 events waiting: trace fewer calls a second (--rate), or record them in the target instead"
                + " (--record --background).");
        assertThat(TraceOutput.overload("bytes", 8L << 20)).isEqualTo(" Its queue in the target reached its bound,"
                + " 8.0 MiB of arguments and returns waiting: trace fewer calls a second (--rate), or record them in"
                + " the target instead (--record --background).");
    }

    @Test
    void theAgentsBudget_isNamed_withABiggerOneToStartWith() {
        assertThat(TraceOutput.overload("budget", 16L << 20)).isEqualTo(" The agent's budget for events on their way"
                + " to commands, 16.0 MiB, was full and this trace held more than its share: trace fewer calls a second"
                + " (--rate), or record them in the target instead (--record --background); or give the agent more"
                + " (-javaagent:smarttracer.jar=budget=32m at the target's start).");
        assertThat(TraceOutput.overload("budget", 64L << 20)).endsWith("budget=128m at the target's start).");
    }

    @Test
    void anyOtherEnd_orAnAgentThatDoesNotSay_addsNothing() {
        assertThat(TraceOutput.overload(null, 0)).isEmpty();
        assertThat(TraceOutput.overload("something newer", 1)).isEmpty();
    }
}
