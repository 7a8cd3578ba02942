package dev.sluice.folders;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import org.junit.jupiter.api.Test;

class FolderValidatorTest {

    @Test
    void validFolderPasses() {
        var folder =
                new VirtualFolder(
                        "shared",
                        null,
                        "team files",
                        0,
                        0,
                        0,
                        null,
                        new FilesystemConfig(
                                1,
                                new S3Config(
                                        "team-bucket",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        0,
                                        0,
                                        false,
                                        "shared/")));
        assertThat(
                        FolderValidator.validate(folder, "installation-bucket")
                                .filesystem()
                                .s3config()
                                .bucket())
                .isEqualTo("team-bucket");
    }

    @Test
    void eachRuleHasItsMessage() {
        var folder =
                new VirtualFolder(
                        "bad name",
                        null,
                        null,
                        -1,
                        -1,
                        0,
                        null,
                        new FilesystemConfig(1, S3Config.empty()));
        assertThat(errorsOf(() -> FolderValidator.validate(folder, "installation-bucket")))
                .containsExactly(
                        "name: may only contain letters, digits and . _ ~ - (got \"bad name\")",
                        "used_quota_size: must be 0 or more (bytes) (got \"-1\")",
                        "used_quota_files: must be 0 or more (files) (got \"-1\")",
                        "filesystem.s3config.bucket: is required when provider is 1 (S3)");
    }
}
