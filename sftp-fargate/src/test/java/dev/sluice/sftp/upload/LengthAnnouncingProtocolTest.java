package dev.sluice.sftp.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderStore;
import dev.sluice.quota.LeaseOwner;
import dev.sluice.quota.LeasedObject;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.QuotaScope;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.quota.Quotas;
import dev.sluice.sftp.fs.Mount;
import dev.sluice.sftp.fs.Refusal;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.sftp.throttle.Throttle;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A second protocol cannot commit a truncated object. The fake adapter here works as SCP does: the
 * client announces a file's length ({@code C0644 <length> <name>}) and streams its bytes, and the
 * server copies from the stream until the length or the stream's end, closing the target in a
 * finally. A client that disconnects mid-file ends that stream "normally"; the upload still stores
 * nothing, because only {@link Upload#commit} stores, and it checks the announced length.
 */
@ExtendWith(AwsFixture.class)
class LengthAnnouncingProtocolTest {

    static final int MIB = 1024 * 1024;
    static S3Clients clients;
    static S3Client s3;
    static String bucket;
    static UserStore users;
    static Quotas quotas;
    static QuotaLeases leases;
    static ExecutorService partPool;
    static Upload.Services services;

    String name;

    @BeforeAll
    static void system(AwsEnvironment aws) {
        clients = new S3Clients(aws.region(), Optional.of(aws.s3Endpoint()), aws.credentials());
        s3 = clients.defaultClient();
        bucket = aws.uniqueName("scp-like");
        s3.createBucket(b -> b.bucket(bucket));
        TableNames names = TableNames.withPrefix(aws.uniqueName("scp-like") + "-");
        new TableProvisioner(aws.dynamoDb(), names).createMissing(Tables.ALL);
        users = new UserStore(aws.dynamoDb(), names);
        FolderStore folders = new FolderStore(aws.dynamoDb(), names);
        leases =
                new QuotaLeases(
                        aws.dynamoDb(),
                        names,
                        users.usage(),
                        folders.usage(),
                        LeaseOwner.startingOn("test"),
                        Duration.ofMinutes(2),
                        Clock.systemUTC());
        quotas = new Quotas(users.usage(), folders.usage(), leases, Clock.systemUTC());
        partPool = Executors.newFixedThreadPool(3);
        services =
                new Upload.Services(
                        new MemoryBudget(64L * MIB),
                        partPool,
                        3,
                        new UploadRegistry(),
                        quotas,
                        Runnable::run);
    }

    @AfterAll
    static void stop() {
        partPool.shutdownNow();
        clients.close();
    }

    @BeforeEach
    void user(AwsEnvironment aws) {
        name = aws.uniqueName("scp");
        users.create(
                User.builder()
                        .username(name)
                        .password("$2b$10$hash")
                        .quotaSize(100L * MIB)
                        .build());
    }

    /** The fake adapter: the protocol's receive loop, as an SCP server runs it. */
    static void receive(InputStream in, long announced, Upload upload) throws IOException {
        try (upload) {
            byte[] buffer = new byte[64 * 1024];
            long at = 0;
            while (at < announced) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, announced - at));
                if (n < 0) {
                    break; // the client went away: for the stream, that is just its end
                }
                upload.write(at, ByteBuffer.wrap(buffer, 0, n));
                at += n;
            }
            upload.commit(EndOfFile.length(announced));
        }
    }

    Upload open(String file) {
        Mount mount = new Mount("/", s3, bucket, "users/" + name + "/", Optional.empty(), null);
        String key = "users/" + name + "/" + file;
        Optional<UploadTarget.Existing> existing;
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            existing = Optional.of(new UploadTarget.Existing(head.contentLength(), head.eTag()));
        } catch (NoSuchKeyException e) {
            existing = Optional.empty();
        }
        User user = users.find(name).orElseThrow();
        return new Upload(
                new UploadTarget(
                        mount,
                        key,
                        "/" + file,
                        existing,
                        true,
                        quotas.countersFor(user, "/" + file),
                        0,
                        new PartSizer(5L * MIB),
                        name + " scp",
                        new LeasedObject(bucket, key, QuotaScope.Owner.USER, name)),
                services,
                Throttle.UNLIMITED);
    }

    Optional<byte[]> object(String file) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key("users/" + name + "/" + file))
                            .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    QuotaUsage usage() {
        User u = users.find(name).orElseThrow();
        return new QuotaUsage(u.usedQuotaSize(), u.usedQuotaFiles(), 0);
    }

    int multipartUploads() {
        return s3.listMultipartUploads(b -> b.bucket(bucket).prefix("users/" + name + "/"))
                .uploads()
                .size();
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void aWholeFileIsStored() throws IOException {
        byte[] data = random(7 * MIB);
        receive(new ByteArrayInputStream(data), data.length, open("whole.bin"));
        assertThat(object("whole.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        assertThat(usage()).isEqualTo(new QuotaUsage(data.length, 1, 0));
        assertThat(services.registry().openCount()).isZero();
    }

    @Test
    void aClientThatDisconnectsMidFileStoresNothingAndKeepsThePreviousObject() {
        s3.putObject(
                b -> b.bucket(bucket).key("users/" + name + "/kept.bin"),
                RequestBody.fromString("previous"));
        for (int size :
                new int[] {
                    1000, 12 * MIB
                }) { // one PutObject; a multipart upload with parts already sent
            byte[] data = random(size);
            for (String file : new String[] {"cut.bin", "kept.bin"}) {
                // The stream ends after two thirds of the announced bytes, without an error.
                InputStream cut = new ByteArrayInputStream(data, 0, size * 2 / 3);
                assertThatThrownBy(() -> receive(cut, size, open(file)))
                        .isInstanceOfSatisfying(
                                Refusal.class,
                                r -> {
                                    assertThat(r.reason()).isEqualTo(Refusal.Reason.INCOMPLETE);
                                    assertThat(r.getMessage())
                                            .contains(
                                                    "announced "
                                                            + size
                                                            + " bytes and sent "
                                                            + size * 2 / 3);
                                });
            }
        }
        assertThat(object("cut.bin")).isEmpty();
        assertThat(object("kept.bin")).map(String::new).contains("previous");
        assertThat(multipartUploads()).isZero();
        assertThat(usage()).as("nothing reserved stays").isEqualTo(new QuotaUsage(0, 0, 0));
        assertThat(leases.liveCount()).isZero();
        assertThat(services.registry().openCount()).isZero();
    }

    @Test
    void anAdapterThatOnlyClosesStoresNothing() throws IOException {
        byte[] data = random(6 * MIB);
        try (Upload upload = open("closed.bin")) {
            upload.write(0, ByteBuffer.wrap(data));
        }
        assertThat(object("closed.bin")).isEmpty();
        assertThat(multipartUploads()).isZero();
        assertThat(usage()).isEqualTo(new QuotaUsage(0, 0, 0));
    }

    @Test
    void moreBytesThanAnnouncedAreRefusedToo() throws IOException {
        Upload upload = open("long.bin");
        upload.write(0, ByteBuffer.wrap(random(100)));
        assertThatThrownBy(() -> upload.commit(EndOfFile.length(99))).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> upload.commit(EndOfFile.length(100)))
                .as("aborted: no second chance")
                .isInstanceOfSatisfying(
                        Refusal.class,
                        r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.ABORTED));
        assertThat(object("long.bin")).isEmpty();
    }
}
