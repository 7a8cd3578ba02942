package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.Test;

/** Each protocol version hears only the status codes it defines. */
class VersionedStatusTest {

    @Test
    void versionThreeClientsGetOnlyVersionThreeCodes() {
        for (int status = 0; status <= 31; status++) {
            assertThat(VersionedStatus.forVersion(status, 3))
                    .as("status %d", status)
                    .isBetween(0, SftpConstants.SSH_FX_OP_UNSUPPORTED);
        }
    }

    @Test
    void versionThreeCodesPassUnchanged() {
        for (int status = 0; status <= 8; status++) {
            assertThat(VersionedStatus.forVersion(status, 3)).isEqualTo(status);
        }
    }

    @Test
    void widenedCodesKeepTheirSense() {
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_DIR_NOT_EMPTY, 3))
                .isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_NO_SUCH_PATH, 3))
                .isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_NOT_A_DIRECTORY, 3))
                .isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_FILE_ALREADY_EXISTS, 3))
                .isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_QUOTA_EXCEEDED, 3))
                .isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_CANNOT_DELETE, 3))
                .isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
    }

    @Test
    void newerVersionsGetThePreciseCodeTheyDefine() {
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_DIR_NOT_EMPTY, 6))
                .isEqualTo(SftpConstants.SSH_FX_DIR_NOT_EMPTY);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_QUOTA_EXCEEDED, 5))
                .isEqualTo(SftpConstants.SSH_FX_QUOTA_EXCEEDED);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_QUOTA_EXCEEDED, 4))
                .isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_NOT_A_DIRECTORY, 4))
                .isEqualTo(SftpConstants.SSH_FX_NO_SUCH_PATH);
    }

    @Test
    void aBogusVersionOrCodeStillYieldsACodeTheClientKnows() {
        assertThat(VersionedStatus.forVersion(999, 3)).isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(999, 6)).isEqualTo(SftpConstants.SSH_FX_FAILURE);
        assertThat(VersionedStatus.forVersion(SftpConstants.SSH_FX_DIR_NOT_EMPTY, 1))
                .isEqualTo(SftpConstants.SSH_FX_FAILURE);
    }
}
