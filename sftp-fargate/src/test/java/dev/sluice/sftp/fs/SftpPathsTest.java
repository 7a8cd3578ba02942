package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.InvalidPathException;
import org.junit.jupiter.api.Test;

class SftpPathsTest {

    @Test
    void resolvesLikeAChroot() {
        assertThat(SftpPaths.resolve("")).isEqualTo("/");
        assertThat(SftpPaths.resolve(".")).isEqualTo("/");
        assertThat(SftpPaths.resolve("a/b")).isEqualTo("/a/b");
        assertThat(SftpPaths.resolve("//a///b/")).isEqualTo("/a/b");
        assertThat(SftpPaths.resolve("/a/./b/../c")).isEqualTo("/a/c");
        assertThat(SftpPaths.resolve("/../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(SftpPaths.resolve("../..")).isEqualTo("/");
        assertThat(SftpPaths.resolve("/%2e%2e/x")).isEqualTo("/%2e%2e/x");
        assertThat(SftpPaths.resolve("/caf\u00e9")).isEqualTo("/caf\u00e9");
    }

    @Test
    void refusesWhatCouldMeanSomethingElse() {
        for (String p :
                new String[] {
                    "/\uff0e\uff0e/x", "/a\\..\\b", "/a\u0000b", "/a\nb", "/\ufb01le", "/e\u0301"
                }) {
            assertThatThrownBy(() -> SftpPaths.resolve(p))
                    .as(p)
                    .isInstanceOf(InvalidPathException.class);
        }
    }
}
