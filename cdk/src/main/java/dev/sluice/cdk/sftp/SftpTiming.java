package dev.sluice.cdk.sftp;

import software.amazon.awscdk.Duration;

/**
 * How an SFTP task leaves without cutting transfers. When ECS stops a task (deployment, scale-in)
 * it first deregisters it from the target group and waits the deregistration delay: the load
 * balancer sends no new connections, existing sessions go on (connection termination is off). Then
 * ECS sends SIGTERM: the server stops accepting, gives sessions {@link #DRAIN} to finish ({@code
 * SLUICE_DRAIN_SECONDS}), closes what is left (aborting unfinished multipart uploads, so nothing
 * partial appears in S3) and exits before ECS's SIGKILL at {@link #STOP_TIMEOUT}. The
 * deregistration delay equals the drain deadline, so a session gets the same notice from the load
 * balancer as from the server, and both together stay bounded.
 */
public final class SftpTiming {

    /** The server's drain deadline after SIGTERM. */
    public static final Duration DRAIN = Duration.seconds(110);

    /** SIGTERM to SIGKILL: the drain plus time to close and flush; 120 s is Fargate's maximum. */
    public static final Duration STOP_TIMEOUT = Duration.seconds(120);

    /** Load balancer draining before ECS signals the task. */
    public static final Duration DEREGISTRATION_DELAY = DRAIN;

    /**
     * Load balancer TCP idle timeout: an idle SFTP session survives this long without keepalives.
     */
    public static final Duration IDLE_TIMEOUT = Duration.minutes(30);

    /**
     * A new task must pass health checks within this (JVM start, host keys from Secrets Manager).
     */
    public static final Duration HEALTH_CHECK_GRACE = Duration.seconds(60);

    private SftpTiming() {}
}
