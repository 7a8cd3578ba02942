package dev.sluice.sftp.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three {@code ls -l} dialects the matrix reads, and the noise around them. */
class LongListingTest {

    @Test
    void readsOpenSshCurlAndLftpLines() {
        String output =
                String.join(
                        "\n",
                        "sftp> ls -l /docs",
                        "-rw-r--r--   1 alice alice     7 Dec  2 11:47 a.txt",
                        "drwxr-xr-x   1 alice alice     0 Dec  2 11:47 .",
                        "drwxr-xr-x   1 alice alice     0 Dec  2 11:47 ..",
                        "-rw-r--r--    ? 0        0         1000 Jan  9  2020 /docs/b.bin",
                        "drwxr-xr-x alice alice        0 Dec  2 11:47 /docs/sub/",
                        "Fetching /docs/ to nothing",
                        "");
        assertThat(LongListing.parse(output))
                .isEqualTo(
                        Map.of(
                                "a.txt", new ClientDriver.Entry(false, 7),
                                "b.bin", new ClientDriver.Entry(false, 1000),
                                "sub", new ClientDriver.Entry(true, 0)));
    }

    @Test
    void ignoresLinesThatAreNotEntries() {
        assertThat(
                        LongListing.parse(
                                String.join(
                                        "\n",
                                        "remote ls: No such file or directory",
                                        "-rw-r--r-- 1 a a notasize Dec  2 11:47 x",
                                        "xrw-r--r-- 1 a a 5 Dec  2 11:47 y",
                                        "-rw-r--r-- 1 a a 5 December 2 11:47 z",
                                        "-rw-r--r-- 1 a a 5 Dec  2 11:47 ")))
                .isEmpty();
    }
}
