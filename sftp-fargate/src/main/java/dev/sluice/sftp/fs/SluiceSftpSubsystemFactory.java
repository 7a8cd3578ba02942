package dev.sluice.sftp.fs;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Makes a {@link SluiceSftpSubsystem} per SFTP channel, with Sluice's file system accessor and the
 * status codes fitted to each client's protocol version ({@link VersionedStatus}).
 */
public final class SluiceSftpSubsystemFactory extends SftpSubsystemFactory {

    /** A factory whose subsystems reach S3 through {@code accessor}. */
    public SluiceSftpSubsystemFactory(SluiceSftpAccessor accessor) {
        setFileSystemAccessor(accessor);
        setErrorStatusDataHandler(new VersionedStatus());
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        SluiceSftpSubsystem subsystem = new SluiceSftpSubsystem(channel, this);
        getRegisteredListeners().forEach(subsystem::addSftpEventListener);
        return subsystem;
    }
}
