package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * cdk-nag's AwsSolutions pack finds nothing unsuppressed in any stack; CDK itself warns about
 * nothing (deprecated APIs, misconfigurations); CloudFormation's template validation that CDK runs
 * at synthesis reports nothing unacknowledged. Every accepted finding carries a written reason in
 * the template (see dev.sluice.cdk.nag), and cdk-nag's reports list them.
 */
class CdkNagTest {

    @Test
    void theDefaultInstallationIsClean() throws IOException {
        assertClean(SynthesizedApp.get());
    }

    @Test
    void aCustomizedInstallationIsClean() throws IOException {
        assertClean(Variants.customized());
    }

    private static void assertClean(SynthesizedApp app) throws IOException {
        assertThat(app.problems()).as("cdk-nag findings and CDK warnings").isEmpty();

        Path report = app.outdir().resolve("validation-report.json");
        if (Files.exists(report)) {
            for (JsonNode plugin :
                    new ObjectMapper().readTree(report.toFile()).path("pluginReports")) {
                assertThat(plugin.path("violations"))
                        .as(plugin.path("pluginName").asText() + " violations")
                        .isEmpty();
            }
        }

        // cdk-nag really ran on every stack: its reports exist, and nothing in them is
        // non-compliant.
        for (Stack stack : app.allStacks()) {
            Path csv =
                    app.outdir().resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");
            assertThat(csv).as("cdk-nag report for " + stack.getStackName()).exists();
            try (Stream<String> lines = Files.lines(csv)) {
                assertThat(lines.skip(1))
                        .isNotEmpty()
                        .noneMatch(line -> line.contains("\"Non-Compliant\""));
            }
        }
    }
}
