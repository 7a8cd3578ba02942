package dev.sluice.cdk;

import java.util.List;
import java.util.Map;

/** Installations with non-default parameters, each synthesized once per test JVM. */
final class Variants {

    static final List<String> EXTRA_BUCKETS = List.of("partner-a-files", "partner-b.archive");
    static final String ECR_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sluice-sftp:1.0";
    static final String SENDER = "reports@mail.example.com";

    private Variants() {}

    /**
     * Everything the default leaves off, in one synthesis (a second synthesis costs seconds, not
     * the first one's 10-20 s): throwaway data, a prebuilt image from ECR, a closed list of client
     * networks, one NAT gateway, a chosen bucket name, extra buckets for users' s3config, a shorter
     * secrets max age, a sender for mailed reports.
     */
    static final List<String> QUOTA_REPORT_TO = List.of("ops@example.com", "storage@example.com");

    static SynthesizedApp customized() {
        return SynthesizedApp.variant(
                "customized",
                Map.of(
                        "removalPolicy",
                        "destroy",
                        "sftpImage",
                        ECR_IMAGE,
                        "sftpAllowedCidrs",
                        List.of("203.0.113.0/24", "198.51.100.0/24"),
                        "natGateways",
                        1,
                        "bucketName",
                        "acme-sluice-files",
                        "extraBuckets",
                        EXTRA_BUCKETS,
                        "secretsMaxAgeSeconds",
                        60,
                        "senderAddress",
                        SENDER,
                        "quotaReportRecipients",
                        QUOTA_REPORT_TO));
    }
}
