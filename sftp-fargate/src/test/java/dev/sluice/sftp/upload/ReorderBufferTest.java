package dev.sluice.sftp.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sftp.fs.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reorder buffer alone, against a sink that holds its last {@code held} bytes (a part not yet
 * sent).
 */
class ReorderBufferTest {

    /** Takes bytes in order; only the last {@code held} of them can still be overwritten. */
    static final class FakeSink implements ReorderBuffer.Sink {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final long start;
        final int held;
        int appends;

        FakeSink(long start, int held) {
            this.start = start;
            this.held = held;
        }

        @Override
        public void append(byte[] data, int offset, int length) {
            received.write(data, offset, length);
            appends++;
        }

        @Override
        public boolean overwrite(long at, byte[] data, int offset, int length) {
            long end = start + received.size();
            if (at < end - held) {
                return false;
            }
            byte[] all = received.toByteArray();
            System.arraycopy(data, offset, all, (int) (at - start), length);
            received.reset();
            received.write(all, 0, all.length);
            return true;
        }

        byte[] bytes() {
            return received.toByteArray();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void write(ReorderBuffer buffer, byte[] file, int from, int length) throws IOException {
        buffer.write(from, file, from, length);
    }

    @Test
    void inOrderWritesPassStraightThrough() throws IOException {
        FakeSink sink = new FakeSink(0, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 100);
        byte[] file = random(30, 1);
        for (int at = 0; at < 30; at += 10) {
            write(buffer, file, at, 10);
        }
        assertThat(sink.bytes()).isEqualTo(file);
        assertThat(sink.appends).isEqualTo(3);
        assertThat(buffer.next()).isEqualTo(30);
        assertThat(buffer.hasGap()).isFalse();
    }

    @Test
    void pipelinedWritesArrivingShuffledWithinTheWindowComeOutInOrder() throws IOException {
        FakeSink sink = new FakeSink(0, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 64);
        byte[] file = random(160, 2);
        // 16-byte writes, each group of four delivered backwards: 3,2,1,0,7,6,5,4,...
        for (int group = 0; group < 10; group += 4) {
            for (int i = Math.min(group + 3, 9); i >= group; i--) {
                write(buffer, file, i * 16, 16);
            }
        }
        assertThat(sink.bytes()).isEqualTo(file);
        assertThat(buffer.earlyBytes()).isZero();
        assertThat(buffer.hasGap()).isFalse();
    }

    @Test
    void earlyWritesWaitAndCountTowardsTheSizeUntilTheGapFills() throws IOException {
        FakeSink sink = new FakeSink(0, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 100);
        byte[] file = random(40, 3);
        write(buffer, file, 20, 20);
        write(buffer, file, 20, 10); // the same offset again, shorter: the longer write stands
        assertThat(sink.bytes()).isEmpty();
        assertThat(buffer.hasGap()).isTrue();
        assertThat(buffer.earlyBytes()).isEqualTo(20);
        write(buffer, file, 0, 25); // overlaps what waits: the overlap is not sent twice
        assertThat(sink.bytes()).isEqualTo(file);
        assertThat(buffer.hasGap()).isFalse();
        assertThat(buffer.earlyBytes()).isZero();
    }

    @Test
    void aWriteBeyondTheWindowIsRefusedAndNothingIsSent() throws IOException {
        FakeSink sink = new FakeSink(0, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 100);
        byte[] data = random(10, 4);
        buffer.write(90, data, 0, 10); // ends exactly at the window
        assertThatThrownBy(() -> buffer.write(91, data, 0, 10))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(Refusal.Reason.OUT_OF_ORDER);
                            assertThat(r.getMessage())
                                    .contains(
                                            "offset 91",
                                            "reorder window",
                                            "next expected offset 0");
                        });
        assertThat(sink.bytes()).isEmpty();
    }

    @Test
    void bytesStillHeldCanBeOverwrittenButNotBytesAlreadySent() throws IOException {
        FakeSink sink = new FakeSink(0, 10); // the last 10 bytes are still in the part buffer
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 100);
        byte[] file = random(30, 5);
        write(buffer, file, 0, 30);
        byte[] again = random(5, 6);
        buffer.write(22, again, 0, 5); // a client re-sending a range it wrote
        byte[] expected = Arrays.copyOf(file, 30);
        System.arraycopy(again, 0, expected, 22, 5);
        assertThat(sink.bytes()).isEqualTo(expected);
        assertThatThrownBy(() -> buffer.write(5, again, 0, 5))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(Refusal.Reason.OUT_OF_ORDER);
                            assertThat(r.getMessage()).contains("already sent");
                        });
        // Straddling the end of what was written is random access too.
        assertThatThrownBy(() -> buffer.write(28, again, 0, 5)).isInstanceOf(Refusal.class);
        assertThat(sink.bytes()).isEqualTo(expected);
        assertThat(buffer.next()).isEqualTo(30);
    }

    @Test
    void aResumedFileStartsAtItsSize() throws IOException {
        FakeSink sink = new FakeSink(1000, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 1000, 100);
        byte[] data = random(10, 7);
        buffer.write(1010, data, 0, 10);
        buffer.write(1000, data, 0, 10);
        assertThat(sink.bytes()).hasSize(20);
        assertThat(buffer.next()).isEqualTo(1020);
    }

    @Test
    void clearingDropsWhatWaits() throws IOException {
        FakeSink sink = new FakeSink(0, 0);
        ReorderBuffer buffer = new ReorderBuffer(sink, 0, 100);
        buffer.write(50, random(10, 8), 0, 10);
        buffer.clear();
        assertThat(buffer.hasGap()).isFalse();
        assertThat(buffer.earlyBytes()).isZero();
    }
}
