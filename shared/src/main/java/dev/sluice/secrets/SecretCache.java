package dev.sluice.secrets;

import dev.sluice.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secret values read from Secrets Manager, each kept with the time it was fetched and fetched again
 * once older than a maximum age (as Powertools' parameters utility does). Functions and tasks read
 * their secrets through this rather than once at start: SnapStart restores a snapshot taken at
 * init, and a long-running task never restarts, so a value read once would survive a rotation until
 * the next deployment. After a rotation every reader has the new value within the maximum age
 * ({@link Settings#SECRETS_MAX_AGE}, {@link #DEFAULT_MAX_AGE} by default).
 *
 * <p>A version read by id never changes, so it is kept for good. When Secrets Manager cannot be
 * reached, a value already held is used a little longer (and logged) rather than failing every
 * request; a secret never read fails the read.
 */
public final class SecretCache {

    public static final Duration DEFAULT_MAX_AGE =
            Settings.SECRETS_MAX_AGE.defaultValue().orElseThrow();
    static final Duration MAX_MAX_AGE = Duration.ofDays(1);

    /** After a failed refresh, how long the held value is used before the next attempt. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    private static final Logger log = LoggerFactory.getLogger(SecretCache.class);

    /** A secret's text and the Secrets Manager version it came from. */
    public record Value(String text, String versionId) {
        @Override
        public String toString() {
            return "SecretCache.Value[version " + versionId + "]"; // never the text
        }
    }

    private record Key(String secretId, String stage, String versionId) {}

    /**
     * A fetched value (or none: the stage does not exist), when it was fetched, and when to fetch
     * it again.
     */
    private record Entry(Optional<Value> value, Instant fetchedAt, Instant refreshAfter) {}

    private final SecretsManagerClient client;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public SecretCache(SecretsManagerClient client, Clock clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            throw new IllegalArgumentException(
                    "secrets max age must be 0 to "
                            + MAX_MAX_AGE.toSeconds()
                            + " s, got "
                            + maxAge);
        }
        this.client = client;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The secret's current value ({@code AWSCURRENT}), read again once older than the max age. */
    public Value current(String secretId) {
        return read(new Key(secretId, CURRENT, null), true)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "secret " + secretId + " has no current value"));
    }

    /**
     * The value before the last rotation ({@code AWSPREVIOUS}), if the secret has one; read again
     * once older than the max age.
     */
    public Optional<Value> previous(String secretId) {
        return read(new Key(secretId, PREVIOUS, null), true);
    }

    /** One version by its id: versions never change, so it is read once. */
    public Value version(String secretId, String versionId) {
        return read(new Key(secretId, null, versionId), false)
                .orElseThrow(
                        () ->
                                ResourceNotFoundException.builder()
                                        .message(
                                                "secret "
                                                        + secretId
                                                        + " has no version "
                                                        + versionId)
                                        .build());
    }

    private Optional<Value> read(Key key, boolean expires) {
        Entry entry = entries.get(key);
        if (entry != null && clock.instant().isBefore(entry.refreshAfter())) {
            return entry.value();
        }
        synchronized (this) {
            Entry again = entries.get(key);
            Instant now = clock.instant();
            if (again != null && now.isBefore(again.refreshAfter())) {
                return again.value();
            }
            Optional<Value> fetched;
            try {
                fetched = fetch(key);
            } catch (SdkException e) {
                if (again == null || again.value().isEmpty()) {
                    throw e;
                }
                log.warn(
                        "cannot read secret {} ({}); using the value read at {} for another {} s",
                        key.secretId(),
                        e.getClass().getSimpleName(),
                        again.fetchedAt(),
                        RETRY_AFTER_FAILURE.toSeconds());
                entries.put(
                        key,
                        new Entry(again.value(), again.fetchedAt(), now.plus(RETRY_AFTER_FAILURE)));
                return again.value();
            }
            entries.put(key, new Entry(fetched, now, expires ? now.plus(maxAge) : Instant.MAX));
            return fetched;
        }
    }

    private Optional<Value> fetch(Key key) {
        try {
            GetSecretValueResponse response =
                    client.getSecretValue(
                            b -> {
                                b.secretId(key.secretId());
                                if (key.versionId() != null) {
                                    b.versionId(key.versionId());
                                } else {
                                    b.versionStage(key.stage());
                                }
                            });
            return Optional.of(new Value(response.secretString(), response.versionId()));
        } catch (ResourceNotFoundException e) {
            if (PREVIOUS.equals(key.stage())) {
                return Optional.empty(); // never rotated: no previous value
            }
            throw e;
        }
    }
}
