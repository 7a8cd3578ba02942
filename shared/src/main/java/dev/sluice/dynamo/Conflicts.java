package dev.sluice.dynamo;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Retries a DynamoDB write that collided with a transaction on the same item. DynamoDB refuses a
 * plain write to an item while a transaction holds it (TransactionConflictException) and cancels a
 * transaction that meets another one (a "TransactionConflict" cancellation reason); the SDK retries
 * neither. Quota leases use a transaction once per upload (and once per reaped lease), so a
 * collision is rare and short: a few jittered retries absorb it.
 */
public final class Conflicts {

    private static final int ATTEMPTS = 8;

    private Conflicts() {}

    public static <T> T retry(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (TransactionConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            } catch (TransactionCanceledException e) {
                if (attempt >= ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
            }
            pause(attempt);
        }
    }

    /**
     * Whether a cancelled transaction met another one (rather than failing one of its own
     * conditions).
     */
    public static boolean isConflict(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .anyMatch("TransactionConflict"::equals);
    }

    private static void pause(int attempt) {
        long cap = Math.min(400, 10L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a DynamoDB write", e);
        }
    }
}
