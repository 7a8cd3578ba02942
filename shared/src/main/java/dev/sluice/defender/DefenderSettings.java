package dev.sluice.defender;

import dev.sluice.config.ConfigurationException;
import dev.sluice.config.EnvironmentReader;
import dev.sluice.config.Setting;
import dev.sluice.config.Settings;
import dev.sluice.net.Cidr;
import dev.sluice.validation.FieldError;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The defender's configuration, SFTPGo's {@code defender} section in Sluice's settings ({@code
 * SLUICE_DEFENDER_*}).
 *
 * @param enabled whether the defender runs at all
 * @param banTime how long an address over the threshold is banned
 * @param banTimeIncrement percent of {@code banTime} each attempt of a banned address adds
 * @param threshold the score within {@code observationTime} that bans
 * @param scoreValid {@link HostEvent#LOGIN_FAILED}
 * @param scoreInvalid {@link HostEvent#USER_NOT_FOUND}
 * @param scoreNoAuth {@link HostEvent#NO_LOGIN_TRIED}
 * @param scoreLimitExceeded {@link HostEvent#LIMIT_EXCEEDED}
 * @param scoreProtocolError {@link HostEvent#PROTOCOL_ERROR}
 * @param observationTime the window scores add up in
 * @param safeList networks never scored nor banned
 * @param entriesHardLimit most hosts listed, and most addresses with pending scores per task
 * @param sync how often pending scores are written and the bans are read again
 */
public record DefenderSettings(
        boolean enabled,
        Duration banTime,
        int banTimeIncrement,
        int threshold,
        int scoreValid,
        int scoreInvalid,
        int scoreNoAuth,
        int scoreLimitExceeded,
        int scoreProtocolError,
        Duration observationTime,
        List<Cidr> safeList,
        int entriesHardLimit,
        Duration sync) {

    public DefenderSettings {
        Objects.requireNonNull(banTime, "banTime");
        Objects.requireNonNull(observationTime, "observationTime");
        Objects.requireNonNull(sync, "sync");
        safeList = List.copyOf(safeList);
        if (enabled) {
            // As SFTPGo: no single event may ban on its own.
            List<FieldError> problems = new ArrayList<>();
            scoreBelow(problems, Settings.DEFENDER_SCORE_VALID.variable(), scoreValid, threshold);
            scoreBelow(
                    problems, Settings.DEFENDER_SCORE_INVALID.variable(), scoreInvalid, threshold);
            scoreBelow(
                    problems, Settings.DEFENDER_SCORE_NO_AUTH.variable(), scoreNoAuth, threshold);
            scoreBelow(
                    problems,
                    Settings.DEFENDER_SCORE_LIMIT_EXCEEDED.variable(),
                    scoreLimitExceeded,
                    threshold);
            scoreBelow(
                    problems,
                    Settings.DEFENDER_SCORE_PROTOCOL_ERROR.variable(),
                    scoreProtocolError,
                    threshold);
            for (Cidr cidr : safeList) {
                if (cidr.prefixLength() == 0) {
                    problems.add(
                            FieldError.of(
                                    Settings.DEFENDER_SAFE_LIST.variable(),
                                    cidr.canonical(),
                                    "would safe-list every address: set SLUICE_DEFENDER=false to"
                                            + " turn the defender off instead"));
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
        }
    }

    /**
     * Where the settings' values come from: the environment (the task, the functions), the CDK
     * context, or their defaults. The settings are listed once, in {@link #from}.
     */
    public interface Source {
        /** The value of a setting that has a default. */
        <T> T get(Setting<T> setting);

        /** The value of a setting without a default, if set. */
        <T> Optional<T> optional(Setting<T> setting);
    }

    /** Reads every {@code SLUICE_DEFENDER_*} setting from one source. */
    public static DefenderSettings from(Source source) {
        return new DefenderSettings(
                source.get(Settings.DEFENDER),
                source.get(Settings.DEFENDER_BAN_TIME),
                source.get(Settings.DEFENDER_BAN_TIME_INCREMENT),
                source.get(Settings.DEFENDER_THRESHOLD),
                source.get(Settings.DEFENDER_SCORE_VALID),
                source.get(Settings.DEFENDER_SCORE_INVALID),
                source.get(Settings.DEFENDER_SCORE_NO_AUTH),
                source.get(Settings.DEFENDER_SCORE_LIMIT_EXCEEDED),
                source.get(Settings.DEFENDER_SCORE_PROTOCOL_ERROR),
                source.get(Settings.DEFENDER_OBSERVATION_TIME),
                source.optional(Settings.DEFENDER_SAFE_LIST).orElse(List.of()),
                source.get(Settings.DEFENDER_ENTRIES_HARD_LIMIT),
                source.get(Settings.DEFENDER_SYNC));
    }

    /** SFTPGo's defaults (ban 30 min, +50 %, threshold 15, scores 1/2/0/3) and Sluice's own. */
    public static DefenderSettings defaults() {
        return from(
                new Source() {
                    @Override
                    public <T> T get(Setting<T> setting) {
                        return setting.defaultValue().orElseThrow();
                    }

                    @Override
                    public <T> Optional<T> optional(Setting<T> setting) {
                        return Optional.empty();
                    }
                });
    }

    /**
     * Reads {@code SLUICE_DEFENDER_*}; problems go to the reader (its {@code check()} reports
     * them), scores not below the threshold throw.
     */
    public static DefenderSettings fromEnvironment(EnvironmentReader env) {
        return from(
                new Source() {
                    @Override
                    public <T> T get(Setting<T> setting) {
                        return env.get(setting);
                    }

                    @Override
                    public <T> Optional<T> optional(Setting<T> setting) {
                        return env.optional(setting);
                    }
                });
    }

    /** The score of one event. */
    public int scoreOf(HostEvent event) {
        return switch (event) {
            case LOGIN_FAILED -> scoreValid;
            case USER_NOT_FOUND -> scoreInvalid;
            case NO_LOGIN_TRIED -> scoreNoAuth;
            case LIMIT_EXCEEDED -> scoreLimitExceeded;
            case PROTOCOL_ERROR -> scoreProtocolError;
        };
    }

    /** Whether an address is in the safe list. */
    public boolean isSafe(InetAddress address) {
        for (Cidr cidr : safeList) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** How much each attempt of a banned address adds to its ban (at least one second). */
    public Duration banExtension() {
        return Duration.ofMillis(Math.max(1000, banTime.toMillis() * banTimeIncrement / 100));
    }

    /** A copy with other values (tests, the local mode): start from {@link #defaults()}. */
    public DefenderSettings with(java.util.function.UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    /** Changes some values of existing settings. */
    public static final class Builder {
        private boolean enabled;
        private Duration banTime;
        private int banTimeIncrement;
        private int threshold;
        private int scoreValid;
        private int scoreInvalid;
        private int scoreNoAuth;
        private int scoreLimitExceeded;
        private int scoreProtocolError;
        private Duration observationTime;
        private List<Cidr> safeList;
        private int entriesHardLimit;
        private Duration sync;

        private Builder(DefenderSettings s) {
            enabled = s.enabled;
            banTime = s.banTime;
            banTimeIncrement = s.banTimeIncrement;
            threshold = s.threshold;
            scoreValid = s.scoreValid;
            scoreInvalid = s.scoreInvalid;
            scoreNoAuth = s.scoreNoAuth;
            scoreLimitExceeded = s.scoreLimitExceeded;
            scoreProtocolError = s.scoreProtocolError;
            observationTime = s.observationTime;
            safeList = s.safeList;
            entriesHardLimit = s.entriesHardLimit;
            sync = s.sync;
        }

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder banTime(Duration value) {
            banTime = value;
            return this;
        }

        public Builder banTimeIncrement(int value) {
            banTimeIncrement = value;
            return this;
        }

        public Builder threshold(int value) {
            threshold = value;
            return this;
        }

        public Builder scoreValid(int value) {
            scoreValid = value;
            return this;
        }

        public Builder scoreInvalid(int value) {
            scoreInvalid = value;
            return this;
        }

        public Builder scoreNoAuth(int value) {
            scoreNoAuth = value;
            return this;
        }

        public Builder scoreLimitExceeded(int value) {
            scoreLimitExceeded = value;
            return this;
        }

        public Builder scoreProtocolError(int value) {
            scoreProtocolError = value;
            return this;
        }

        public Builder observationTime(Duration value) {
            observationTime = value;
            return this;
        }

        public Builder safeList(List<Cidr> value) {
            safeList = value;
            return this;
        }

        public Builder entriesHardLimit(int value) {
            entriesHardLimit = value;
            return this;
        }

        public Builder sync(Duration value) {
            sync = value;
            return this;
        }

        DefenderSettings build() {
            return new DefenderSettings(
                    enabled,
                    banTime,
                    banTimeIncrement,
                    threshold,
                    scoreValid,
                    scoreInvalid,
                    scoreNoAuth,
                    scoreLimitExceeded,
                    scoreProtocolError,
                    observationTime,
                    safeList,
                    entriesHardLimit,
                    sync);
        }
    }

    private static void scoreBelow(
            List<FieldError> problems, String variable, int score, int threshold) {
        if (score >= threshold) {
            problems.add(
                    FieldError.of(
                            variable,
                            score,
                            "must be lower than SLUICE_DEFENDER_THRESHOLD ("
                                    + threshold
                                    + "): one event alone would ban"));
        }
    }
}
