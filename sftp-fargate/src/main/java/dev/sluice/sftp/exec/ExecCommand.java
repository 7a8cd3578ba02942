package dev.sluice.sftp.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH exec request being answered: runs its {@link Body} on the task's bounded exec pool (MINA
 * wants {@link #start} to return at once), then reports the exit status. A body that fails
 * unexpectedly still ends the channel with status 1 and a message on stderr: never a hang.
 */
final class ExecCommand implements Command {

    private static final Logger log = LoggerFactory.getLogger(ExecCommand.class);

    /** What the command does; returns the exit status. */
    interface Body {
        int run(ChannelSession channel, InputStream in, OutputStream out, OutputStream err)
                throws IOException;
    }

    private final String name;
    private final Body body;
    private final ExecutorService pool;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Future<?> running;

    ExecCommand(String name, Body body, ExecutorService pool) {
        this.name = name;
        this.body = body;
        this.pool = pool;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        try {
            running = pool.submit(() -> run(channel));
        } catch (RejectedExecutionException e) {
            throw new IOException("the server is busy or shutting down; try again later", e);
        }
    }

    private void run(ChannelSession channel) {
        int status = 1;
        try {
            status = body.run(channel, in, out, err);
        } catch (IOException | RuntimeException e) {
            log.warn("exec {} failed: {}", name, e.toString());
            try {
                err.write((name + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the channel is gone; the exit below is all that is left to do
            }
        } finally {
            // Whatever happened (an Error too), the channel ends: never a hang until the idle
            // timeout.
            try {
                out.flush();
                err.flush();
            } catch (IOException ignored) {
                // the client went away
            }
            exit.onExit(status);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
    }
}
