package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * The project's pinned CDK CLI (package.json at the repository root) reads the cloud assembly this
 * aws-cdk-lib writes: the CLI and the library must agree on the assembly schema, which is exactly
 * what breaks when the CLI is older than the library. Needs {@code npm ci} at the repository root;
 * skipped (with that hint) when the CLI is not installed.
 */
class CdkCliTest {

    private static final Path CLI = Path.of("..", "node_modules", ".bin", "cdk");

    @Test
    void thePinnedCliListsEveryStackOfTheSynthesizedAssembly()
            throws IOException, InterruptedException {
        assumeTrue(
                Files.isExecutable(CLI),
                "CDK CLI not installed: run `npm ci` at the repository root");
        SynthesizedApp app = SynthesizedApp.get();
        ProcessBuilder builder =
                new ProcessBuilder(
                                CLI.toString(),
                                "ls",
                                "--app",
                                app.outdir().toString(),
                                "--no-notices")
                        .redirectErrorStream(true);
        builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cdk ls finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> names = app.allStacks().stream().map(Stack::getStackName).toList();
        assertThat(output.lines().map(String::strip)).as(output).containsAll(names);
    }
}
