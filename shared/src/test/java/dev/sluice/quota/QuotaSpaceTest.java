package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The statvfs figures a quota states: its limit, what is left, never negative, never zero-sized.
 */
class QuotaSpaceTest {

    static final long MIB = 1024 * 1024;

    private static QuotaScope.Counter user(long maxSize, int maxFiles) {
        return new QuotaScope.Counter(QuotaScope.Owner.USER, "alice", maxSize, maxFiles);
    }

    @Test
    void aQuotaIsTheSizeAndWhatIsLeftIsFree() {
        QuotaSpace s = QuotaSpace.of(user(10 * MIB, 100), new QuotaUsage(MIB, 3, 0));
        assertThat(s).isEqualTo(new QuotaSpace(4096, 10 * MIB / 4096, 9 * MIB / 4096, 100, 97));
    }

    @Test
    void anUnlimitedQuotaStatesALargeSizeBeyondWhatIsUsed() {
        QuotaSpace s = QuotaSpace.of(user(0, 0), new QuotaUsage(5 * MIB, 7, 0));
        assertThat(s.blockSize()).isEqualTo(4096);
        assertThat(s.freeBlocks() * s.blockSize()).isEqualTo(QuotaSpace.UNLIMITED_BYTES);
        assertThat(s.totalBlocks() * s.blockSize()).isEqualTo(QuotaSpace.UNLIMITED_BYTES + 5 * MIB);
        assertThat(s.freeFiles()).isEqualTo(QuotaSpace.UNLIMITED_FILES);
        assertThat(s.totalFiles()).isEqualTo(QuotaSpace.UNLIMITED_FILES + 7);
    }

    @Test
    void usageAboveALoweredLimitLeavesNothingRatherThanANegativeRoom() {
        QuotaSpace s = QuotaSpace.of(user(MIB, 2), new QuotaUsage(3 * MIB, 5, 0));
        assertThat(s.freeBlocks()).isZero();
        assertThat(s.freeFiles()).isZero();
        assertThat(s.totalBlocks()).isEqualTo(MIB / 4096);
    }

    @Test
    void aQuotaSmallerThanABlockIsCountedInSmallerBlocks() {
        QuotaSpace s = QuotaSpace.of(user(100, 0), QuotaUsage.ZERO);
        assertThat(s.blockSize()).isLessThanOrEqualTo(100).isPositive();
        assertThat(s.totalBlocks()).isPositive();
    }

    @Test
    void usageNearTheLargestCounterDoesNotOverflow() {
        QuotaSpace s =
                QuotaSpace.of(
                        user(0, 0), new QuotaUsage(QuotaUsage.MAX_SIZE, QuotaUsage.MAX_FILES, 0));
        assertThat(s.totalBlocks()).isPositive();
        assertThat(s.freeBlocks()).isNotNegative();
        assertThat(s.freeFiles()).isNotNegative();
    }
}
