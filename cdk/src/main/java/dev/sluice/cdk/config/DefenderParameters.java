package dev.sluice.cdk.config;

import dev.sluice.config.ConfigurationException;
import dev.sluice.config.Setting;
import dev.sluice.config.Settings;
import dev.sluice.defender.DefenderSettings;
import java.util.Map;
import java.util.Optional;

/**
 * The defender's context parameters ({@code defender}, {@code defenderBanTimeMinutes}, ... {@code
 * defenderSyncSeconds}: each is one {@code SLUICE_DEFENDER_*} setting's variable in camel case),
 * and the environment they give the SFTP task and every API function, which must all ban alike.
 */
public final class DefenderParameters {

    private DefenderParameters() {}

    /**
     * Reads them with the settings' own parsers and {@link DefenderSettings}' own cross-checks, so
     * synthesis refuses what the task and the functions would refuse at start.
     */
    static DefenderSettings read(ContextReader read) {
        try {
            return DefenderSettings.from(
                    new DefenderSettings.Source() {
                        @Override
                        public <T> T get(Setting<T> setting) {
                            return read.setting(setting);
                        }

                        @Override
                        public <T> Optional<T> optional(Setting<T> setting) {
                            return read.optional(setting);
                        }
                    });
        } catch (ConfigurationException e) {
            throw ContextReader.inParameterNames(e);
        }
    }

    /**
     * Writes every {@code SLUICE_DEFENDER_*} variable (defaults included, so the template shows
     * what runs); the safe list only when it names a network.
     */
    public static void put(Map<String, String> environment, DefenderSettings defender) {
        Settings.DEFENDER.put(environment, defender.enabled());
        Settings.DEFENDER_BAN_TIME.put(environment, defender.banTime());
        Settings.DEFENDER_BAN_TIME_INCREMENT.put(environment, defender.banTimeIncrement());
        Settings.DEFENDER_THRESHOLD.put(environment, defender.threshold());
        Settings.DEFENDER_SCORE_VALID.put(environment, defender.scoreValid());
        Settings.DEFENDER_SCORE_INVALID.put(environment, defender.scoreInvalid());
        Settings.DEFENDER_SCORE_NO_AUTH.put(environment, defender.scoreNoAuth());
        Settings.DEFENDER_SCORE_LIMIT_EXCEEDED.put(environment, defender.scoreLimitExceeded());
        Settings.DEFENDER_SCORE_PROTOCOL_ERROR.put(environment, defender.scoreProtocolError());
        Settings.DEFENDER_OBSERVATION_TIME.put(environment, defender.observationTime());
        if (!defender.safeList().isEmpty()) {
            Settings.DEFENDER_SAFE_LIST.put(environment, defender.safeList());
        }
        Settings.DEFENDER_ENTRIES_HARD_LIMIT.put(environment, defender.entriesHardLimit());
        Settings.DEFENDER_SYNC.put(environment, defender.sync());
    }
}
