package dev.sluice.sftp.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.scp.common.ScpException;
import org.junit.jupiter.api.Test;

class ScpInputTest {

    private static ScpInput input(byte[] bytes) {
        return new ScpInput(new ByteArrayInputStream(bytes));
    }

    @Test
    void peekLooksWithoutConsuming() throws IOException {
        ScpInput in = input(new byte[] {0, 'x'});
        assertThat(in.peek()).isZero();
        assertThat(in.peek()).isZero();
        assertThat(in.read()).isZero();
        byte[] block = new byte[4];
        assertThat(in.peek()).isEqualTo('x');
        assertThat(in.read(block, 0, 4)).isOne();
        assertThat(block[0]).isEqualTo((byte) 'x');
        assertThat(in.peek()).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(block, 0, 4)).isEqualTo(-1);
    }

    @Test
    void aLineWithoutEndIsRefused() throws IOException {
        ScpInput in = input(("C0644 1 " + "n".repeat(ScpInput.MAX_LINE)).getBytes());
        assertThatThrownBy(
                        () -> {
                            while (in.read() != -1) {
                                // as MINA reads a line
                            }
                        })
                .isInstanceOf(ScpException.class)
                .hasMessageContaining("longer than " + ScpInput.MAX_LINE);
    }

    @Test
    void zerosInsideALineStillCountButLoneStatusBytesDoNot() throws IOException {
        byte[] attack = new byte[ScpInput.MAX_LINE + 10];
        attack[0] = 'C'; // then zeros: one line that never ends
        ScpInput in = input(attack);
        assertThatThrownBy(
                        () -> {
                            while (in.read() != -1) {
                                // as MINA reads a line
                            }
                        })
                .isInstanceOf(ScpException.class);

        // A long recursive download: only "ok" bytes from the client, never a newline.
        ScpInput acks = input(new byte[3 * ScpInput.MAX_LINE]);
        for (int i = 0; i < 3 * ScpInput.MAX_LINE; i++) {
            assertThat(acks.read()).isZero();
        }
        // Lines of normal length, one after another, are fine.
        ScpInput lines =
                input(
                        ("T1 0 1 0\n" + "C0644 3 a\n")
                                .repeat(ScpInput.MAX_LINE)
                                .getBytes(StandardCharsets.UTF_8));
        int n = 0;
        while (lines.read() != -1) {
            n++;
        }
        assertThat(n).isEqualTo(19 * ScpInput.MAX_LINE);
    }
}
