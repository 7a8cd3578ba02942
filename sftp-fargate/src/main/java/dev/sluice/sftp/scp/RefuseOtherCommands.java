package dev.sluice.sftp.scp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * The answer to exec requests nothing else serves: a line on stderr saying what this server runs,
 * and exit status 127 (the shell's "command not found"), rather than a bare "exec request failed".
 * The command is not echoed: it is the client's text.
 */
public final class RefuseOtherCommands implements CommandFactory {

    /** Exit status of a refused command, as a shell reports an unknown one. */
    public static final int EXIT_STATUS = 127;

    private final String message;

    /**
     * @param offered what the server does run, for the message (e.g. "SFTP and scp")
     */
    public RefuseOtherCommands(String offered) {
        this.message = "sluice: this server runs " + offered + " only; no shell or other commands";
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new Refused(message);
    }

    private static final class Refused implements Command {
        private final String message;
        private OutputStream err;
        private ExitCallback exit;

        Refused(String message) {
            this.message = message;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {
            // nothing is read
        }

        @Override
        public void setOutputStream(OutputStream out) {
            // nothing is written there
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
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } finally {
                exit.onExit(EXIT_STATUS, message);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // nothing held
        }
    }
}
