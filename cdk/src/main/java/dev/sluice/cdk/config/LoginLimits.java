package dev.sluice.cdk.config;

import dev.sluice.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The SFTP task's per-connection limits, from the context parameters named after their settings.
 *
 * @param maxAuthTries authentication attempts per SSH connection ({@code maxAuthTries}, {@link
 *     Settings#MAX_AUTH_TRIES})
 * @param loginGraceTime how long a connection may stay unauthenticated ({@code loginGraceSeconds},
 *     {@link Settings#LOGIN_GRACE_TIME})
 * @param maxUnauthenticated unauthenticated connections one task holds ({@code maxUnauthenticated},
 *     {@link Settings#MAX_UNAUTHENTICATED})
 * @param maxUnauthenticatedPerAddress the same from one source address ({@code
 *     maxUnauthenticatedPerAddress}, {@link Settings#MAX_UNAUTHENTICATED_PER_ADDRESS})
 */
public record LoginLimits(
        int maxAuthTries,
        Duration loginGraceTime,
        int maxUnauthenticated,
        int maxUnauthenticatedPerAddress) {

    /** Reads them with the settings' own parsers: synthesis refuses what the task would. */
    static LoginLimits read(ContextReader read) {
        return new LoginLimits(
                read.setting(Settings.MAX_AUTH_TRIES),
                read.setting(Settings.LOGIN_GRACE_TIME),
                read.setting(Settings.MAX_UNAUTHENTICATED),
                read.setting(Settings.MAX_UNAUTHENTICATED_PER_ADDRESS));
    }

    /** Writes the four variables, defaults included, so the template shows what runs. */
    public void put(Map<String, String> environment) {
        Settings.MAX_AUTH_TRIES.put(environment, maxAuthTries);
        Settings.LOGIN_GRACE_TIME.put(environment, loginGraceTime);
        Settings.MAX_UNAUTHENTICATED.put(environment, maxUnauthenticated);
        Settings.MAX_UNAUTHENTICATED_PER_ADDRESS.put(environment, maxUnauthenticatedPerAddress);
    }
}
