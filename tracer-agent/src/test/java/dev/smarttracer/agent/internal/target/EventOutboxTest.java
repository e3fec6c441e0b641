package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.smarttracer.agent.internal.protocol.Frame;
import dev.smarttracer.agent.internal.protocol.FrameKind;
import dev.smarttracer.agent.internal.protocol.FrameReader;
import dev.smarttracer.agent.internal.protocol.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A remote trace's outbox: frames whole and in order, block by block, and the budget paid per block. */
class EventOutboxTest {

    private final OutboxBudget budget = new OutboxBudget(OutboxBudget.MIN_BYTES);
    private final List<String> overloaded = new ArrayList<>();
    private final EventOutbox outbox = new EventOutbox(budget, holder("this", () -> 0));

    @Test
    void framesOfEverySize_comeOutWholeAndInOrder_acrossBlocks() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        int[] sizes = {1, 100, EventOutbox.BLOCK - FrameWriter.HEADER, 7, EventOutbox.BLOCK, 3 * EventOutbox.BLOCK,
            EventOutbox.BLOCK / 2, EventOutbox.BLOCK / 2, 5, 1};
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[sizes[i % sizes.length] + (i / sizes.length) % 3];
            Arrays.fill(payload, (byte) (' ' + i % 90));
            payloads.add(payload);
        }
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        long events = 0;
        for (int i = 0; i < payloads.size(); i++) {
            boolean event = i % 10 != 3;
            assertThat(outbox.add(event ? FrameKind.EVENT_BINARY : FrameKind.CONTROL, payloads.get(i), event, true))
                    .as("frame " + i).isTrue();
            events += event ? 1 : 0;
            if (i % 7 == 6) {
                // The writer comes by now and then, as it would while the events arrive.
                events -= drainInto(sent);
            }
            assertThat(budget.used()).isEqualTo(outbox.held()).isLessThanOrEqualTo(budget.limit());
        }
        events -= drainInto(sent);
        assertThat(events).as("every event counted once as it went").isZero();

        FrameReader reader = new FrameReader(Channels.newChannel(new ByteArrayInputStream(sent.toByteArray())));
        for (int i = 0; i < payloads.size(); i++) {
            Frame frame = reader.read();
            assertThat(frame.kind()).isEqualTo(i % 10 != 3 ? FrameKind.EVENT_BINARY : FrameKind.CONTROL);
            byte[] back = frame.kind().binary() ? frame.bytes() : frame.text().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(back).as("frame " + i).isEqualTo(payloads.get(i));
        }
        assertThat(reader.read()).isNull();
        assertThat(outbox.held()).as("one block kept for the next frames, no more").isEqualTo(EventOutbox.BLOCK);
    }

    private long drainInto(ByteArrayOutputStream sent) throws InterruptedException {
        long events = 0;
        for (EventOutbox.Block block; (block = outbox.take(0, 0)) != null; ) {
            sent.write(block.bytes, 0, block.size);
            events += block.events;
            outbox.sent(block);
        }
        return events;
    }

    @Test
    void theBudgetPaysForBlocks_andDroppingGivesThemBack_countingEventsNotMessages() throws Exception {
        byte[] payload = new byte[1_000];
        for (int i = 0; i < 200; i++) {
            outbox.add(FrameKind.EVENT_BINARY, payload, true, true);
        }
        outbox.add(FrameKind.CONTROL, payload, false, false);
        int perBlock = EventOutbox.BLOCK / (1_000 + FrameWriter.HEADER);
        long blocks = (201 + perBlock - 1) / perBlock;
        assertThat(budget.used()).isEqualTo(blocks * EventOutbox.BLOCK).isEqualTo(outbox.held());

        EventOutbox.Block sending = outbox.take(0, 0);
        assertThat(sending.events).isEqualTo(perBlock);
        assertThat(outbox.dropWaiting()).as("the events waiting, not the message, not the block being sent")
                .isEqualTo(200 - sending.events);
        assertThat(budget.used()).as("what is being sent stays paid for").isEqualTo(EventOutbox.BLOCK);
        assertThat(outbox.close()).isZero();
        outbox.sent(sending);
        assertThat(budget.used()).as("a closed outbox keeps nothing").isZero();
        assertThat(outbox.add(FrameKind.EVENT_BINARY, payload, true, true)).as("nor takes anything").isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void whenTheBudgetIsFull_anEventOverloadsTracesAboveTheirShare_aMessageOverloadsNobody() {
        long[] stalledHeld = {0};
        OutboxBudget.Holder stalled = holder("stalled", () -> stalledHeld[0]);
        budget.join(stalled);
        budget.join(holder("this", outbox::held));
        assertThat(budget.tryTake(budget.limit() - EventOutbox.BLOCK / 2)).isTrue();
        stalledHeld[0] = budget.limit() - EventOutbox.BLOCK / 2;

        assertThat(outbox.add(FrameKind.CONTROL, new byte[10], false, false)).isFalse();
        assertThat(overloaded).as("a message beside the events takes only free room").isEmpty();
        assertThat(outbox.add(FrameKind.EVENT_BINARY, new byte[10], true, true)).isTrue();
        assertThat(overloaded).as("an event asks traces above their share to give way").containsExactly("stalled");
        assertThat(budget.used()).isEqualTo(EventOutbox.BLOCK).isEqualTo(outbox.held());
    }

    @Test
    void theEnd_comesAfterTheLastFrameIsTaken_andAWaitingWriterLearnsOfIt() throws Exception {
        outbox.add(FrameKind.EVENT_BINARY, new byte[] {1}, true, true);
        outbox.end();
        assertThat(outbox.ended()).as("a frame still waits").isFalse();
        EventOutbox.Block last = outbox.take(0, 0);
        assertThat(last.events).isEqualTo(1);
        outbox.sent(last);
        assertThat(outbox.ended()).isTrue();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> outbox.take(Long.MAX_VALUE, 0)))
                .as("a writer waiting returns: nothing more will come").isNull();
    }

    @Test
    void aBlockStillFilling_isTakenAfterItsGatherTime_withWhatJoinedIt() throws Exception {
        outbox.add(FrameKind.EVENT_BINARY, new byte[] {1}, true, true);
        outbox.add(FrameKind.EVENT_BINARY, new byte[] {2}, true, true);
        EventOutbox.Block block = outbox.take(0, 1_000_000);
        assertThat(block.events).isEqualTo(2);
        assertThat(outbox.take(0, 0)).isNull();
    }

    private OutboxBudget.Holder holder(String name, java.util.function.LongSupplier held) {
        return new OutboxBudget.Holder() {
            @Override
            public long held() {
                return held.getAsLong();
            }

            @Override
            public void overload() {
                overloaded.add(name);
                if (name.equals("stalled")) {
                    budget.release(held.getAsLong());
                }
            }
        };
    }

}
