package dev.sluice.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** A write that meets a transaction on its item is tried again; any other failure is not. */
class ConflictsTest {

    @Test
    void aCollisionWithATransactionIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        String result =
                Conflicts.retry(
                        () -> {
                            if (calls.incrementAndGet() < 3) {
                                throw TransactionConflictException.builder()
                                        .message("in a transaction")
                                        .build();
                            }
                            return "written";
                        });
        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCancelledTransactionIsRetriedOnlyWhenItMetAnother() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(
                        Conflicts.retry(
                                () -> {
                                    if (calls.incrementAndGet() == 1) {
                                        throw cancelled("None", "TransactionConflict");
                                    }
                                    return 1;
                                }))
                .isEqualTo(1);

        calls.set(0);
        assertThatThrownBy(
                        () ->
                                Conflicts.retry(
                                        () -> {
                                            calls.incrementAndGet();
                                            throw cancelled("ConditionalCheckFailed", "None");
                                        }))
                .isInstanceOf(TransactionCanceledException.class);
        assertThat(calls).hasValue(1);
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder()
                .message("cancelled")
                .cancellationReasons(
                        java.util.Arrays.stream(codes)
                                .map(c -> CancellationReason.builder().code(c).build())
                                .toList())
                .build();
    }
}
