package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.S3Config;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * A reaper tells a completed upload from an unfinished one by the lease id in the object's
 * metadata.
 */
@ExtendWith(AwsFixture.class)
class S3LeaseProbeTest {

    @Test
    void theObjectCarryingTheLeaseIdIsTheCompletedUpload(AwsEnvironment aws) {
        String prefix = aws.uniqueName("probe");
        TableNames names = TableNames.withPrefix(prefix + "-");
        new TableProvisioner(aws.dynamoDb(), names).createMissing(Tables.ALL);
        UserStore users = new UserStore(aws.dynamoDb(), names);
        FolderStore folders = new FolderStore(aws.dynamoDb(), names);
        users.create(User.builder().username("alice").password("$2b$10$hash").build());
        String bucket = prefix;
        aws.s3().createBucket(b -> b.bucket(bucket));
        aws.s3()
                .putObject(
                        b ->
                                b.bucket(bucket)
                                        .key("alice/done.bin")
                                        .metadata(Map.of(QuotaLeases.OBJECT_MARKER, "lease-1")),
                        RequestBody.fromString("x"));
        aws.s3()
                .putObject(
                        b -> b.bucket(bucket).key("alice/other.bin"), RequestBody.fromString("y"));
        try (var http = UrlConnectionHttpClient.create()) {
            var probe =
                    new S3LeaseProbe(
                            users,
                            folders,
                            new S3ClientFactory(aws.s3(), http, aws.region(), Optional.empty()),
                            bucket);
            assertThat(probe.completion(at(bucket, "alice/done.bin", "alice"), "lease-1"))
                    .isEqualTo(ObjectProbe.Completion.COMPLETED);
            // Replaced by another upload, or never written, or written without a lease.
            assertThat(probe.completion(at(bucket, "alice/done.bin", "alice"), "lease-2"))
                    .isEqualTo(ObjectProbe.Completion.NOT_COMPLETED);
            assertThat(probe.completion(at(bucket, "alice/none.bin", "alice"), "lease-1"))
                    .isEqualTo(ObjectProbe.Completion.NOT_COMPLETED);
            assertThat(probe.completion(at(bucket, "alice/other.bin", "alice"), "lease-1"))
                    .isEqualTo(ObjectProbe.Completion.NOT_COMPLETED);
            // Its user is gone: so are its counters.
            assertThat(probe.completion(at(bucket, "bob/done.bin", "bob"), "lease-1"))
                    .isEqualTo(ObjectProbe.Completion.NOT_COMPLETED);
            // S3 cannot answer (the user's own endpoint is down): the reaper waits rather than
            // guess.
            users.create(
                    User.builder()
                            .username("carol")
                            .password("$2b$10$hash")
                            .filesystem(
                                    new FilesystemConfig(
                                            FilesystemConfig.S3,
                                            new S3Config(
                                                    "carols",
                                                    "eu-west-1",
                                                    null,
                                                    null,
                                                    "http://127.0.0.1:9",
                                                    null,
                                                    0,
                                                    0,
                                                    true,
                                                    "")))
                            .build());
            assertThat(probe.completion(at("carols", "done.bin", "carol"), "lease-1"))
                    .isEqualTo(ObjectProbe.Completion.UNKNOWN);
        }
    }

    private static LeasedObject at(String bucket, String key, String user) {
        return new LeasedObject(bucket, key, QuotaScope.Owner.USER, user);
    }
}
