package dev.sluice.cdk;

import java.util.List;
import java.util.Map;

/** Installations with non-default parameters, each synthesized once per test JVM. */
final class Variants {

    static final List<String> EXTRA_BUCKETS = List.of("partner-a-files", "partner-b.archive");
    static final String ECR_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sluice-sftp:1.0";
    static final String SENDER = "reports@mail.example.com";

    private Variants() {}

    static final List<String> QUOTA_REPORT_TO = List.of("ops@example.com", "storage@example.com");
    static final List<String> SAFE_LIST = List.of("203.0.113.7", "198.51.100.0/24");

    /**
     * Everything the default leaves off, in one synthesis (a second synthesis costs seconds, not
     * the first one's 10-20 s): throwaway data, a prebuilt image from ECR, a closed list of client
     * networks reached through the operator's own PROXY-speaking proxy, one NAT gateway, a chosen
     * bucket name, extra buckets for users' s3config, a shorter secrets max age, a sender for
     * mailed reports, a stricter defender with a safe list, tighter login limits and API throttles.
     */
    static SynthesizedApp customized() {
        return SynthesizedApp.variant(
                "customized",
                Map.ofEntries(
                        Map.entry("removalPolicy", "destroy"),
                        Map.entry("sftpImage", ECR_IMAGE),
                        Map.entry("sftpAllowedCidrs", List.of("203.0.113.0/24", "198.51.100.0/24")),
                        Map.entry("sftpUpstreamProxy", true),
                        Map.entry("natGateways", 1),
                        Map.entry("bucketName", "acme-sluice-files"),
                        Map.entry("extraBuckets", EXTRA_BUCKETS),
                        Map.entry("secretsMaxAgeSeconds", 60),
                        Map.entry("senderAddress", SENDER),
                        Map.entry("quotaReportRecipients", QUOTA_REPORT_TO),
                        Map.entry("defenderThreshold", 10),
                        Map.entry("defenderBanTimeMinutes", "120"),
                        Map.entry("defenderSafeList", SAFE_LIST),
                        Map.entry("maxAuthTries", 3),
                        Map.entry("loginGraceSeconds", "20"),
                        Map.entry("apiRateLimit", 20),
                        Map.entry("apiBurstLimit", 40),
                        Map.entry("tokenRateLimit", 2),
                        Map.entry("tokenBurstLimit", 4)));
    }
}
