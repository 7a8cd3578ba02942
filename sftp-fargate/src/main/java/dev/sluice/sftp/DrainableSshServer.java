package dev.sluice.sftp;

import org.apache.sshd.server.SshServer;

/** MINA's server plus one operation it does not expose: stop accepting, keep the sessions. */
final class DrainableSshServer extends SshServer {

    void stopAccepting() {
        if (acceptor != null) {
            acceptor.unbind();
        }
    }
}
