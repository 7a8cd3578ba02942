package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Outside programs a test drives: skipped where missing on a developer's machine, a failure in CI.
 */
final class Tools {

    private Tools() {}

    static void require(String... tools) {
        for (String tool : tools) {
            boolean present =
                    Files.isExecutable(Path.of("/usr/bin/" + tool))
                            || Files.isExecutable(Path.of("/usr/local/bin/" + tool));
            String why = tool + " is not installed (scripts/install-test-tools installs it)";
            if (!present && "true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(present, why);
        }
    }
}
