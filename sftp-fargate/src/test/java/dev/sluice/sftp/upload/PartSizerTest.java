package dev.sluice.sftp.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartSizerTest {

    static final long MIB = 1024 * 1024;

    @Test
    void tenThousandPartsHoldFiveTebibytes() {
        PartSizer sizer = PartSizer.forMegabytes(0);
        assertThat(sizer.partSize(1)).isEqualTo(8 * MIB);
        assertThat(sizer.partSize(500)).isEqualTo(8 * MIB);
        assertThat(sizer.partSize(501)).isEqualTo(16 * MIB);
        assertThat(sizer.partSize(10_000)).isEqualTo(PartSizer.MAX_PART);
        assertThat(sizer.maxObjectSize()).isGreaterThanOrEqualTo(5L * 1024 * 1024 * MIB);
        assertThat(PartSizer.forMegabytes(5).maxObjectSize())
                .isGreaterThanOrEqualTo(5L * 1024 * 1024 * MIB);
        for (int n = 1; n < 10_000; n++) {
            assertThat(sizer.partSize(n)).isBetween(PartSizer.MIN_PART, 5L * 1024 * MIB);
        }
    }
}
