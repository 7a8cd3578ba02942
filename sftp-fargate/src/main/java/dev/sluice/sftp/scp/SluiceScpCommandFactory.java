package dev.sluice.sftp.scp;

import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Answers {@code scp ...} exec requests with an SCP command on the session's tree and hands every
 * other exec request to {@code others}. Never a shell: WinSCP's SCP-over-shell mode stays off.
 */
public final class SluiceScpCommandFactory extends ScpCommandFactory {

    /**
     * @param others what answers exec requests that are not {@code scp} (Sluice's hash commands,
     *     which refuse the rest)
     */
    public SluiceScpCommandFactory(CommandFactory others) {
        setDelegateCommandFactory(others);
    }

    @Override
    protected Command executeSupportedCommand(ChannelSession channel, String command) {
        return new SluiceScpCommand(
                channel,
                command,
                resolveExecutorService(command),
                getSendBufferSize(),
                getReceiveBufferSize(),
                new ScpTreeOpener());
    }
}
