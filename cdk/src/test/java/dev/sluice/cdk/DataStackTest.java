package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.storage.DataStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The files bucket, its access-log bucket, the secrets, and the outputs operators read. */
class DataStackTest {

    private final SynthesizedApp app = SynthesizedApp.get();
    private final DataStack data = app.stacks().data();
    private final Template template = app.template(data);

    private Map<String, Object> filesBucket() {
        return Cfn.props(
                app.resources(data, "AWS::S3::Bucket")
                        .get(Cfn.logicalId(data.resources().bucket())));
    }

    @Test
    void filesBucketIsEncryptedPrivateVersionedAndLogged() {
        Map<String, Object> bucket = filesBucket();
        assertThat(bucket.get("BucketEncryption"))
                .isEqualTo(
                        Map.of(
                                "ServerSideEncryptionConfiguration",
                                List.of(
                                        Map.of(
                                                "ServerSideEncryptionByDefault",
                                                Map.of("SSEAlgorithm", "AES256")))));
        assertThat(bucket.get("PublicAccessBlockConfiguration"))
                .isEqualTo(
                        Map.of(
                                "BlockPublicAcls",
                                true,
                                "BlockPublicPolicy",
                                true,
                                "IgnorePublicAcls",
                                true,
                                "RestrictPublicBuckets",
                                true));
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        assertThat(bucket).containsKey("LoggingConfiguration");
        assertThat(bucket).doesNotContainKey("BucketName"); // generated unless bucketName is given
    }

    @Test
    void incompleteMultipartUploadsAreAbortedAfterOneDayAndOldVersionsExpire() {
        assertThat(Cfn.list(((Map<?, ?>) filesBucket().get("LifecycleConfiguration")).get("Rules")))
                .contains(
                        Map.of(
                                "Id",
                                "abort-incomplete-multipart-uploads",
                                "Status",
                                "Enabled",
                                "AbortIncompleteMultipartUpload",
                                Map.of("DaysAfterInitiation", 1)),
                        Map.of(
                                "Id",
                                "expire-noncurrent-versions",
                                "Status",
                                "Enabled",
                                "ExpiredObjectDeleteMarker",
                                true,
                                "NoncurrentVersionExpiration",
                                Map.of("NoncurrentDays", 30)));
    }

    @Test
    void bothBucketsRefuseRequestsWithoutTls() {
        template.resourceCountIs("AWS::S3::BucketPolicy", 2);
        template.allResourcesProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "Effect", "Deny",
                                                                "Action", "s3:*",
                                                                "Condition",
                                                                        Map.of(
                                                                                "Bool",
                                                                                Map.of(
                                                                                        "aws:SecureTransport",
                                                                                        "false")))))))));
    }

    @Test
    void bucketsAreRetainedByDefault() {
        app.resources(data, "AWS::S3::Bucket")
                .values()
                .forEach(bucket -> assertThat(bucket.get("DeletionPolicy")).isEqualTo("Retain"));
    }

    @Test
    void secretValuesAreGeneratedByAwsNeverWrittenInTheTemplate() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 4);
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "Description", Match.stringLikeRegexp("HS256"),
                        "GenerateSecretString",
                                Map.of("PasswordLength", 64, "ExcludePunctuation", true)));
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "Description", Match.stringLikeRegexp("master key"),
                        "GenerateSecretString",
                                Map.of("PasswordLength", 64, "ExcludePunctuation", true)));
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "Description", Match.stringLikeRegexp("first administrator"),
                        "GenerateSecretString",
                                Map.of(
                                        "SecretStringTemplate",
                                        "{\"username\":\"admin\"}",
                                        "GenerateStringKey",
                                        "password",
                                        "PasswordLength",
                                        32,
                                        "ExcludePunctuation",
                                        true)));
        // The host keys start as an empty JSON object: the first SFTP task fills it in.
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of("Description", Match.stringLikeRegexp("host keys"), "SecretString", "{}"));
    }

    @Test
    void outputsNameTheBucketAndTheFirstAdminSecret() {
        template.hasOutput(
                "BucketName",
                Map.of("Value", Map.of("Ref", Cfn.logicalId(data.resources().bucket()))));
        template.hasOutput(
                "AdminSecretArn",
                Map.of(
                        "Value",
                        Map.of("Ref", Cfn.logicalId(data.resources().secrets().firstAdmin()))));
        template.hasOutput("AdminSecretName", Match.anyValue());
    }
}
