package dev.sluice.lambdas.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.ConfigurationException;
import dev.sluice.jobs.JobSettings;
import dev.sluice.validation.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SLUICE_QUOTA_REPORT_RECIPIENTS}: optional, and a bad address stops the jobs' start. */
class QuotaReportSettingTest {

    private static Map<String, String> env(String recipients) {
        Map<String, String> env = new HashMap<>();
        env.put("SLUICE_BUCKET", "files");
        env.put("SLUICE_RETENTION_QUEUE_URL", "https://sqs.example/retention");
        env.put("SLUICE_QUOTA_SCAN_QUEUE_URL", "https://sqs.example/quota");
        if (recipients != null) {
            env.put("SLUICE_QUOTA_REPORT_RECIPIENTS", recipients);
        }
        return env;
    }

    @Test
    void unsetMeansNoReportAndAListIsReadInOrder() {
        assertThat(JobsConfig.fromEnvironment(env(null)).jobs().quotaReportRecipients()).isEmpty();
        assertThat(
                        JobsConfig.fromEnvironment(env(" ops@example.com , Storage@Example.org"))
                                .jobs()
                                .quotaReportRecipients())
                .containsExactly("ops@example.com", "Storage@Example.org");
    }

    @Test
    void aBadAddressADuplicateOrAnEmptyEntryStopsTheStartNamingTheSetting() {
        for (String bad :
                List.of(
                        "ops@example.com, not-an-address",
                        "ops@example.com,OPS@example.com",
                        "ops@example.com,,other@example.com",
                        "ops@example.com\r\nBcc: victim@example.com")) {
            assertThatThrownBy(() -> JobsConfig.fromEnvironment(env(bad)))
                    .as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SLUICE_QUOTA_REPORT_RECIPIENTS");
        }
    }

    @Test
    void addressesGivenInCodeAreHeldToTheSameRule() {
        assertThat(
                        JobSettings.defaults()
                                .withQuotaReportRecipients(List.of("ops@example.com"))
                                .quotaReportRecipients())
                .containsExactly("ops@example.com");
        assertThatThrownBy(
                        () -> JobSettings.defaults().withQuotaReportRecipients(List.of("nobody")))
                .isInstanceOf(ValidationException.class);
    }
}
