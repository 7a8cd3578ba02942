package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.api.ApiArea;
import dev.sluice.cdk.jobs.Job;
import dev.sluice.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * {@code senderAddress}: the jobs may send mail through that SES identity (the address or its
 * domain) as that sender only; the API, which only checks that reports can be mailed, sends
 * nothing. Without the parameter nobody may send (JobsStackTest, ApiStackTest).
 */
class ReportMailGrantsTest {

    private final SynthesizedApp app = Variants.customized();

    @Test
    void eachJobMaySendAsTheConfiguredSenderOnly() {
        var jobs = app.stacks().jobs();
        for (Job job : Job.values()) {
            List<Map<String, Object>> ses =
                    Cfn.forService(
                            Cfn.statements(app, jobs, Cfn.logicalId(jobs.function(job).role())),
                            "ses");
            assertThat(ses)
                    .as(job.name())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(Cfn.actions(s))
                                        .containsExactlyInAnyOrder(
                                                "ses:SendEmail", "ses:SendRawEmail");
                                // The address's identity and its domain's, in this account and
                                // region, and no other identity.
                                List<Object> resources = Cfn.list(s.get("Resource"));
                                assertThat(resources).hasSize(2);
                                String json = Cfn.json(resources);
                                assertThat(json)
                                        .contains(":identity/" + Variants.SENDER + "\"")
                                        .contains(":identity/mail.example.com\"")
                                        .contains("{\"Ref\":\"AWS::AccountId\"}")
                                        .doesNotContain("*");
                                assertThat(s.get("Condition"))
                                        .isEqualTo(
                                                Map.of(
                                                        "StringEquals",
                                                        Map.of(
                                                                "ses:FromAddress",
                                                                Variants.SENDER)));
                            });
        }
    }

    @Test
    void noApiFunctionMaySendMail() {
        var api = app.stacks().api();
        for (ApiArea area : ApiArea.values()) {
            assertThat(
                            Cfn.forService(
                                    Cfn.statements(
                                            app, api, Cfn.logicalId(api.function(area).role())),
                                    "ses"))
                    .as(area.name())
                    .isEmpty();
        }
    }

    @Test
    void everyFunctionIsToldTheSender() {
        for (Stack stack : List.of(app.stacks().api(), app.stacks().jobs())) {
            app.resources(stack, "AWS::Lambda::Function")
                    .forEach(
                            (id, fn) -> {
                                if (!String.valueOf(Cfn.props(fn).get("Handler"))
                                        .startsWith("dev.sluice.")) {
                                    return; // CDK's own helper functions
                                }
                                Map<?, ?> variables =
                                        (Map<?, ?>)
                                                ((Map<?, ?>) Cfn.props(fn).get("Environment"))
                                                        .get("Variables");
                                assertThat(variables.get(Settings.MAIL_FROM.variable()))
                                        .as(id)
                                        .isEqualTo(Variants.SENDER);
                            });
        }
    }

    @Test
    void onlyTheQuotaScanIsToldWhereItsReportGoes() {
        app.resources(app.stacks().jobs(), "AWS::Lambda::Function")
                .forEach(
                        (id, fn) -> {
                            String handler = String.valueOf(Cfn.props(fn).get("Handler"));
                            if (!handler.startsWith("dev.sluice.")) {
                                return;
                            }
                            Map<?, ?> variables =
                                    (Map<?, ?>)
                                            ((Map<?, ?>) Cfn.props(fn).get("Environment"))
                                                    .get("Variables");
                            Object to = variables.get(Settings.QUOTA_REPORT_RECIPIENTS.variable());
                            if (handler.contains("QuotaScanHandler")) {
                                assertThat(to)
                                        .as(id)
                                        .isEqualTo(String.join(",", Variants.QUOTA_REPORT_TO));
                            } else {
                                assertThat(to).as(id).isNull();
                            }
                        });
    }
}
