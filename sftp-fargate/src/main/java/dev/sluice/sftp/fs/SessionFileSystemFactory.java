package dev.sluice.sftp.fs;

import dev.sluice.sftp.auth.SshAuthenticators;
import dev.sluice.sftp.connections.SessionRegistry;
import dev.sluice.users.User;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;

/** Gives each authenticated session its own tree, rooted at "/" (the user's home). */
public final class SessionFileSystemFactory implements FileSystemFactory {

    private final SluiceFileSystemProvider provider = new SluiceFileSystemProvider();
    private final MountResolver mounts;
    private final VirtualTree.Services services;

    public SessionFileSystemFactory(MountResolver mounts, VirtualTree.Services services) {
        this.mounts = mounts;
        this.services = services;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
        return null; // the file system's default directory, "/"
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        User user = session.getAttribute(SshAuthenticators.USER);
        if (user == null) {
            throw new IOException("no authenticated user on this session");
        }
        String connection = session.getAttribute(SessionRegistry.CONNECTION_ID);
        return provider.newSession(
                new VirtualTree(
                        user,
                        mounts.mountsOf(user),
                        services,
                        user.username() + " " + (connection == null ? "SFTP" : connection)));
    }
}
