package dev.sluice.sftp.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test data for the benches: reproducible random files, and the check that a copy is exact. */
final class BenchFiles {

    private BenchFiles() {}

    /** Writes {@code size} reproducible random bytes to {@code file}. */
    static void writeRandom(Path file, long size) throws IOException {
        writeRandom(file, size, 1);
    }

    /** Writes {@code size} random bytes from {@code seed} to {@code file}. */
    static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[(int) Math.min(size, 1024 * 1024)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n < size; n += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - n));
            }
        }
    }

    /** Fails unless {@code b} holds exactly the bytes of {@code a}. */
    static void verify(Path a, Path b) throws IOException {
        if (Files.mismatch(a, b) != -1) {
            throw new IllegalStateException(b + " differs from " + a);
        }
    }
}
