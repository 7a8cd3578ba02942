package dev.sluice.sftp.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bench-only wall-clock profile of the threads serving SFTP requests: every few milliseconds,
 * where each such thread is, reduced to the Sluice method it is in and the AWS call it waits on (if
 * any). Execution samplers (JFR) see CPU only; per-file time is mostly waiting on round trips.
 */
final class WallClockSampler implements AutoCloseable {

    private static final String SFTP_FRAME = "org.apache.sshd.sftp.server.SftpSubsystem";

    private final Map<String, LongAdder> samples = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    private WallClockSampler(boolean enabled) {
        this.thread = enabled ? Thread.ofPlatform().daemon().start(this::loop) : null;
    }

    /** Samples when the system property {@code flag} is true; otherwise does nothing. */
    static WallClockSampler startIf(String flag) {
        return new WallClockSampler(Boolean.getBoolean(flag));
    }

    private void loop() {
        while (running) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                StackTraceElement[] stack = e.getValue();
                if (stack.length == 0 || !serves(stack)) {
                    continue;
                }
                samples.computeIfAbsent(where(stack), k -> new LongAdder()).increment();
                total.increment();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    private static boolean serves(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith(SFTP_FRAME)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost Sluice frame and its Sluice caller, and the SDK client call below them (or the
     * top frame).
     */
    private static String where(StackTraceElement[] stack) {
        String sdk = null;
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (c.startsWith("software.amazon.awssdk.services.") && c.contains(".Default")) {
                sdk = name(stack[i]);
            }
            if (c.startsWith("dev.sluice.")) {
                String me = name(stack[i]);
                for (int j = i + 1; j < stack.length; j++) {
                    if (stack[j].getClassName().startsWith("dev.sluice.")) {
                        me = name(stack[j]) + " > " + me;
                        break;
                    }
                }
                return sdk != null ? me + " -> " + sdk : me + " (" + name(stack[0]) + ")";
            }
        }
        return "MINA: " + name(stack[0]);
    }

    private static String name(StackTraceElement f) {
        String c = f.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
    }

    /** Prints the share of samples per place, largest first. */
    void report(PrintStream out) {
        if (thread == null) {
            return;
        }
        double all = Math.max(1, total.sum());
        out.println("wall-clock samples of SFTP threads: " + (long) all);
        samples.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> -e.getValue().sum()))
                .limit(25)
                .forEach(
                        e ->
                                out.printf(
                                        "%5.1f%%  %s%n",
                                        100 * e.getValue().sum() / all, e.getKey()));
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
