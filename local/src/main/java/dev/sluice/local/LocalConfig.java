package dev.sluice.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a user chooses for the local system.
 *
 * @param dataDirectory where DynamoDB, S3 objects, secrets and the outbox live; empty keeps
 *     everything in memory
 * @param bind the address the API and SFTP listen on (loopback by default)
 * @param apiPort REST API port (0: any free port)
 * @param sftpPort SFTP port (0: any free port)
 */
public record LocalConfig(
        Optional<Path> dataDirectory, InetAddress bind, int apiPort, int sftpPort) {

    public static final String BUCKET = "sluice-local";
    public static final String TABLE_PREFIX = "sluice-";

    /**
     * The sender of reports: nothing is delivered locally (each message lands in the outbox as an
     * {@code .eml} file), so any well-formed address does.
     */
    public static final String MAIL_FROM = "reports@sluice.localhost";
}
