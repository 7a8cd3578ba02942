package dev.sluice.sftp.scp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.scp.common.ScpException;
import org.apache.sshd.scp.common.ScpHelper;
import org.apache.sshd.scp.common.helpers.ScpAckInfo;
import org.apache.sshd.scp.server.ScpCommand;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code scp -t} (upload) or {@code scp -f} (download) on a session's tree, as MINA runs it,
 * with what Sluice needs around it: the client's input wrapped ({@link ScpInput}), the upload in
 * flight aborted when the channel goes away, and a malformed request answered as an error (MINA's
 * command lets runtime exceptions escape and would report success).
 */
final class SluiceScpCommand extends ScpCommand {

    private static final Logger log = LoggerFactory.getLogger(SluiceScpCommand.class);

    private final ScpTreeOpener tree;

    SluiceScpCommand(
            ChannelSession channel,
            String command,
            CloseableExecutorService executor,
            int sendSize,
            int receiveSize,
            ScpTreeOpener opener) {
        super(channel, command, executor, sendSize, receiveSize, opener, null);
        this.tree = opener;
    }

    @Override
    public void setInputStream(InputStream in) {
        ScpInput wrapped = new ScpInput(in);
        tree.attach(wrapped);
        super.setInputStream(wrapped);
    }

    @Override
    public void run() {
        int exitValue = ScpAckInfo.OK;
        String exitMessage = null;
        ScpHelper helper =
                new ScpHelper(
                        getServerSession(),
                        getInputStream(),
                        StandardCharsets.UTF_8,
                        getOutputStream(),
                        StandardCharsets.UTF_8,
                        fileSystem,
                        opener,
                        listener);
        try {
            if (optT) {
                helper.receive(
                        getCommand(),
                        helper.resolveLocalPath(path),
                        optR,
                        optD,
                        optP,
                        receiveBufferSize);
            } else if (optF) {
                helper.send(List.of(path), optR, optP, sendBufferSize);
            } else {
                throw new ScpException("scp needs -t or -f", ScpAckInfo.ERROR);
            }
        } catch (IOException | RuntimeException e) {
            tree.abortOpenUpload("the SCP transfer failed: " + e.getMessage());
            exitValue = ScpAckInfo.ERROR;
            exitMessage = printable(message(e));
            log.info("scp refused for {}: {}", getServerSession().getUsername(), exitMessage);
            try {
                writeCommandResponseMessage(getCommand(), exitValue, exitMessage);
            } catch (IOException gone) {
                log.debug("could not tell the SCP client: {}", gone.toString());
            }
        } finally {
            ExitCallback callback = getExitCallback();
            if (callback != null) {
                callback.onExit(exitValue, exitMessage == null ? "" : exitMessage);
            }
        }
    }

    @Override
    public void destroy(ChannelSession channel) throws Exception {
        tree.abortOpenUpload("the session ended before the file was complete");
        super.destroy(channel);
    }

    private static String message(Exception e) {
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return "malformed SCP request ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ")";
    }

    /** The message goes back on one protocol line and onto the client's terminal. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 1024));
        text.codePoints()
                .limit(1024)
                .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return out.toString();
    }
}
