package dev.sluice.sftp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's entry point: the SFTP task from its environment ({@link
 * SftpTask#fromEnvironment}), and a SIGTERM handler that drains.
 */
public final class SftpMain {

    private static final Logger log = LoggerFactory.getLogger(SftpMain.class);

    private SftpMain() {}

    public static void main(String[] args) throws Exception {
        SftpTask task = SftpTask.fromEnvironment(System.getenv());
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    log.info(
                                            "SIGTERM: draining for up to {} s",
                                            task.config().drain().toSeconds());
                                    task.drainAndStop();
                                    log.info("stopped");
                                },
                                "drain"));
        Thread.currentThread().join();
    }
}
