package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The curl examples of docs/rest-api.md, run exactly as written with the real curl against the
 * local adapter.
 */
@ExtendWith(AwsFixture.class)
class CurlExamplesTest {

    static String curlBlock() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        String doc = Files.readString(dir.resolve("docs/rest-api.md"));
        String section =
                doc.substring(
                        doc.indexOf("<!-- api-curl:start -->"),
                        doc.indexOf("<!-- api-curl:end -->"));
        return section.substring(section.indexOf("```sh") + 5, section.lastIndexOf("```"));
    }

    @Test
    void curlExamplesWorkAsWritten(AwsEnvironment aws) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        try (ApiSystem api = ApiSystem.start(aws)) {
            ProcessBuilder bash =
                    new ProcessBuilder("bash", "-euo", "pipefail", "-c", curlBlock())
                            .redirectErrorStream(true);
            bash.environment().put("SLUICE_API", api.uri().toString());
            bash.environment().put("SLUICE_ADMIN_PASSWORD", ApiSystem.ADMIN_PASSWORD);
            Process process = bash.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("\"username\":\"alice\"").contains("API key created");
            String token = api.adminToken();
            assertThat(
                            api.client
                                    .get("/api/v2/users/alice", token)
                                    .expect(200)
                                    .json()
                                    .path("quota_size")
                                    .asLong())
                    .isEqualTo(1073741824L);
            assertThat(
                            api.client
                                    .get("/api/v2/apikeys", token)
                                    .expect(200)
                                    .json()
                                    .get(0)
                                    .path("name")
                                    .asText())
                    .isEqualTo("ci pipeline");
        }
    }
}
