package dev.sluice.connections;

import java.util.Objects;

/**
 * One live session, in SFTPGo's connection fields: which user, from where, since when, which server
 * task ({@code node}) holds it, and whether an administrator asked for it to be closed.
 *
 * @param connectionId unique per session, e.g. {@code SFTP_3f2a...}
 * @param username the authenticated user
 * @param protocol {@code SFTP}
 * @param remoteAddress the client's address as {@code ip:port}
 * @param clientVersion the client's SSH identification string
 * @param node the server task holding the session
 * @param connectionTime when the session was authenticated, ms since epoch
 * @param lastActivity the last heartbeat, ms since epoch
 * @param closeRequested set by the API; the owning task closes the session at its next heartbeat
 */
public record Connection(
        String connectionId,
        String username,
        String protocol,
        String remoteAddress,
        String clientVersion,
        String node,
        long connectionTime,
        long lastActivity,
        boolean closeRequested) {

    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(username, "username");
        protocol = protocol == null ? "SFTP" : protocol;
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        clientVersion = clientVersion == null ? "" : clientVersion;
        node = node == null ? "" : node;
    }
}
