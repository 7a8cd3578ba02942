package dev.sluice.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.S3Config;
import dev.sluice.secrets.MasterKeyRing;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretCache;
import dev.sluice.secrets.SecretCipher;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.testing.ManualClock;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * A user or folder whose storage cannot be listed (a bucket that does not exist or that the role
 * was not granted, an endpoint that does not answer, credentials S3 refuses) is skipped and
 * reported, with its counters left alone, while everyone else is still counted.
 */
@ExtendWith(AwsFixture.class)
class QuotaScanTest {

    private AwsEnvironment aws;
    private UserStore users;
    private FolderStore folders;
    private String bucket;

    /**
     * A bucket of the customer's own (provider 1 tenants): the installation's bucket is refused to
     * them (tenant rule).
     */
    private String otherBucket;

    private QuotaScan scan;
    private SecretCipher cipher;

    @BeforeEach
    void setUp(AwsEnvironment aws) {
        this.aws = aws;
        TableNames tables = TableNames.withPrefix(aws.uniqueName("qscan") + "-");
        new TableProvisioner(aws.dynamoDb(), tables).createMissing(Tables.ALL);
        users = new UserStore(aws.dynamoDb(), tables);
        folders = new FolderStore(aws.dynamoDb(), tables);
        bucket = aws.uniqueName("qscan-files");
        aws.s3().createBucket(b -> b.bucket(bucket));
        otherBucket = aws.uniqueName("qscan-own");
        aws.s3().createBucket(b -> b.bucket(otherBucket));
        cipher = MasterKeys.cipher("quota scan test master key text");
        scan =
                new QuotaScan(
                        users,
                        folders,
                        new S3ClientFactory(
                                aws.s3(),
                                UrlConnectionHttpClient.create(),
                                aws.region(),
                                Optional.of(cipher)),
                        bucket,
                        Clock.systemUTC());
    }

    private void put(String key, int size) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static FilesystemConfig s3(
            String bucket, String endpoint, String accessKey, Secret secret) {
        return new FilesystemConfig(
                FilesystemConfig.S3,
                new S3Config(
                        bucket,
                        null,
                        accessKey,
                        secret,
                        endpoint,
                        null,
                        0,
                        0,
                        endpoint != null,
                        "data/"));
    }

    private void user(String name, FilesystemConfig fs) {
        users.create(User.builder().username(name).password("$2b$x").filesystem(fs).build());
        users.usage().set(name, 77, 7, 1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void ownersWhoseBucketFailsAreSkippedAndReportedAndTheOthersCounted() throws IOException {
        put("users/alice/a.txt", 100);
        put("folders/shared/c.bin", 40);
        user("alice", FilesystemConfig.defaultBucket());
        String missing = aws.uniqueName("no-such-bucket");
        user(
                "partner",
                s3(
                        missing, null, null,
                        null)); // another bucket, the installation's role: NoSuchBucket
        user(
                "offline",
                s3(
                        otherBucket,
                        "http://127.0.0.1:" + closedPort(),
                        null,
                        null)); // an endpoint that refuses connections
        user(
                "wrongkey",
                s3(
                        otherBucket,
                        aws.s3Endpoint().toString(),
                        "AKIANOTAREALKEY",
                        cipher.encrypt(
                                Secret.plain("not-the-secret"),
                                MasterKeys.userS3SecretContext("wrongkey")))); // S3 refuses the key
        user("zed", FilesystemConfig.defaultBucket());
        folders.create(new VirtualFolder("shared", null, null, 0, 0, 0, null, null));
        folders.create(
                new VirtualFolder(
                        "lost", null, null, 0, 0, 0, null, s3(missing, null, null, null)));
        folders.usage().set("lost", 55, 5, 1);

        QuotaScan.Result result = scan.run(new QuotaScan.All());

        assertThat(result.usersScanned()).isEqualTo(2);
        assertThat(result.foldersScanned()).isEqualTo(1);
        assertThat(result.skipped())
                .extracting(QuotaScan.Skipped::owner)
                .containsExactlyInAnyOrder(
                        "user partner", "user offline", "user wrongkey", "folder lost");
        assertThat(result.installationStorageFailed()).isFalse();
        assertThat(result.skipped())
                .filteredOn(s -> s.owner().equals("user partner"))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.bucket()).isEqualTo(missing);
                            assertThat(s.reason()).startsWith("NoSuchBucket (HTTP 404)");
                        });
        assertThat(result.skipped())
                .filteredOn(s -> s.owner().equals("user offline"))
                .singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("S3 did not answer"));
        assertThat(result.skipped())
                .filteredOn(s -> s.owner().equals("user wrongkey"))
                .singleElement()
                .satisfies(
                        s ->
                                assertThat(s.reason())
                                        .contains("HTTP 403")
                                        .doesNotContain("not-the-secret"));

        assertThat(users.find("alice").orElseThrow().usedQuotaSize()).isEqualTo(100);
        assertThat(users.find("zed").orElseThrow().usedQuotaSize())
                .as("counted after the failures")
                .isZero();
        assertThat(folders.find("shared").orElseThrow().usedQuotaSize()).isEqualTo(40);
        for (String skipped : new String[] {"partner", "offline", "wrongkey"}) {
            assertThat(users.find(skipped).orElseThrow().usedQuotaSize())
                    .as(skipped + " left alone")
                    .isEqualTo(77);
        }
        assertThat(folders.find("lost").orElseThrow().usedQuotaSize()).isEqualTo(55);
    }

    @Test
    void aSecretThatDoesNotOpenSkipsOnlyItsOwner() {
        SecretCipher other = MasterKeys.cipher("some other master key text");
        user(
                "sealed-elsewhere",
                s3(
                        otherBucket,
                        aws.s3Endpoint().toString(),
                        "AKIAEXAMPLE",
                        other.encrypt(
                                Secret.plain("x"),
                                MasterKeys.userS3SecretContext("sealed-elsewhere"))));
        put("users/bob/b.txt", 5);
        user("bob", FilesystemConfig.defaultBucket());

        QuotaScan.Result one = scan.run(new QuotaScan.OneUser("sealed-elsewhere"));
        assertThat(one.usersScanned()).isZero();
        assertThat(one.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("does not decrypt"));
        assertThat(scan.run(new QuotaScan.OneUser("bob")).usersScanned()).isEqualTo(1);
        assertThat(users.find("bob").orElseThrow().usedQuotaSize()).isEqualTo(5);
    }

    @Test
    void theScanSealsSecretsUnderOlderMasterKeyVersionsAgainSoTheNextRotationStrandsNothing() {
        var sm = aws.secretsManager();
        String master =
                sm.createSecret(
                                b ->
                                        b.name(aws.uniqueName("qscan-master"))
                                                .secretString("master key one, long enough"))
                        .arn();
        MasterKeyRing ring =
                new MasterKeyRing(new SecretCache(sm, new ManualClock(), Duration.ZERO), master);
        QuotaScan rotating =
                new QuotaScan(
                        users,
                        folders,
                        new S3ClientFactory(
                                aws.s3(),
                                UrlConnectionHttpClient.create(),
                                aws.region(),
                                Optional.of(ring)),
                        bucket,
                        Clock.systemUTC());
        // Both on the embedded S3 with its real credentials, so the scan can list them.
        var credentials = aws.credentials().resolveCredentials();
        String accessKey = credentials.accessKeyId();
        String secretKey = credentials.secretAccessKey();
        user(
                "dana",
                s3(
                        otherBucket,
                        aws.s3Endpoint().toString(),
                        accessKey,
                        ring.encrypt(
                                Secret.plain(secretKey), MasterKeys.userS3SecretContext("dana"))));
        folders.create(
                new VirtualFolder(
                        "vault",
                        null,
                        null,
                        0,
                        0,
                        0,
                        null,
                        s3(
                                otherBucket,
                                aws.s3Endpoint().toString(),
                                accessKey,
                                ring.encrypt(
                                        Secret.plain(secretKey),
                                        MasterKeys.folderS3SecretContext("vault")))));
        String before =
                users.find("dana").orElseThrow().filesystem().s3config().accessSecret().key();

        rotating.run(new QuotaScan.All());
        assertThat(users.find("dana").orElseThrow().filesystem().s3config().accessSecret().key())
                .as("already under the current version: left alone")
                .isEqualTo(before);

        sm.putSecretValue(
                b -> b.secretId(master).secretString("master key two, after the rotation"));
        QuotaScan.Result result = rotating.run(new QuotaScan.All());
        assertThat(result.skipped()).isEmpty();
        Secret resealed = users.find("dana").orElseThrow().filesystem().s3config().accessSecret();
        assertThat(resealed.key())
                .isNotEqualTo(before)
                .isEqualTo(
                        MasterKeyRing.VERSION_PREFIX
                                + sm.getSecretValue(b -> b.secretId(master)).versionId());
        Secret folderSecret =
                folders.find("vault").orElseThrow().filesystem().s3config().accessSecret();
        assertThat(folderSecret.key()).isEqualTo(resealed.key());

        // A second rotation: what was sealed under the first value would be stranded; nothing is.
        sm.putSecretValue(b -> b.secretId(master).secretString("master key three, rotated again"));
        assertThat(ring.decrypt(resealed, MasterKeys.userS3SecretContext("dana")))
                .isEqualTo(secretKey);
        assertThat(ring.decrypt(folderSecret, MasterKeys.folderS3SecretContext("vault")))
                .isEqualTo(secretKey);
        assertThat(rotating.run(new QuotaScan.All()).skipped()).isEmpty();
    }

    @Test
    void aFailureOnTheInstallationsOwnBucketIsTheInstallationsProblem() {
        user("carol", FilesystemConfig.defaultBucket());
        QuotaScan broken =
                new QuotaScan(
                        users,
                        folders,
                        new S3ClientFactory(
                                aws.s3(),
                                UrlConnectionHttpClient.create(),
                                aws.region(),
                                Optional.of(cipher)),
                        aws.uniqueName("no-default-bucket"),
                        Clock.systemUTC());
        QuotaScan.Result result = broken.run(new QuotaScan.OneUser("carol"));
        assertThat(result.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.installationStorage()).isTrue());
        assertThat(result.installationStorageFailed()).isTrue();
    }
}
