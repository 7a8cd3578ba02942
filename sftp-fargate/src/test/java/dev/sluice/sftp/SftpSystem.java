package dev.sluice.sftp;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.TableProvisioner;
import dev.sluice.dynamo.Tables;
import dev.sluice.folders.FolderService;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.SecretCipher;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.users.User;
import dev.sluice.users.UserService;
import dev.sluice.users.UserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The SFTP server as tests drive it: real MINA server on 127.0.0.1, users and folders in DynamoDB,
 * files in S3 and secrets in Secrets Manager from the AWS fixture, each run with its own tables,
 * bucket and secrets.
 */
public final class SftpSystem implements AutoCloseable {

    public final AwsEnvironment aws;
    public final TableNames tables;
    public final String bucket;
    public final String hostKeySecret;
    public final UserStore userStore;
    public final FolderStore folderStore;
    public final UserService users;
    public final FolderService folders;
    public final S3Clients s3Clients;
    public final SluiceSftpServer server;
    public final SftpConfig config;
    private final Path keyDir;
    private final List<String> userNames = new ArrayList<>();

    private SftpSystem(
            AwsEnvironment aws,
            SftpConfig config,
            TableNames tables,
            String bucket,
            String hostKeySecret,
            UserService users,
            FolderService folders,
            S3Clients s3Clients,
            SluiceSftpServer server,
            Path keyDir) {
        this.aws = aws;
        this.config = config;
        this.tables = tables;
        this.bucket = bucket;
        this.hostKeySecret = hostKeySecret;
        this.userStore = new UserStore(aws.dynamoDb(), tables);
        this.folderStore = new FolderStore(aws.dynamoDb(), tables);
        this.users = users;
        this.folders = folders;
        this.s3Clients = s3Clients;
        this.server = server;
        this.keyDir = keyDir;
    }

    public static SftpSystem start(AwsEnvironment aws) {
        return start(aws, UnaryOperator.identity());
    }

    public static SftpSystem start(AwsEnvironment aws, UnaryOperator<SftpConfig> tweak) {
        String name = aws.uniqueName("sftp");
        TableNames tables = TableNames.withPrefix(name + "-");
        new TableProvisioner(aws.dynamoDb(), tables).createMissing(Tables.ALL);
        String bucket = name;
        aws.s3().createBucket(b -> b.bucket(bucket));
        String hostKeys =
                aws.secretsManager()
                        .createSecret(b -> b.name(name + "-hostkeys").secretString("{}"))
                        .arn();
        String masterText = UUID.randomUUID() + "-" + UUID.randomUUID();
        String master =
                aws.secretsManager()
                        .createSecret(b -> b.name(name + "-master").secretString(masterText))
                        .arn();
        SecretCipher cipher = MasterKeys.cipher(masterText);
        SftpConfig config =
                tweak.apply(
                        SftpConfig.loopback(
                                bucket, aws.s3Endpoint(), tables, hostKeys, Optional.of(master)));
        S3Clients s3 =
                new S3Clients(aws.region(), Optional.of(aws.s3Endpoint()), aws.credentials());
        UserStore userStore = new UserStore(aws.dynamoDb(), tables);
        FolderStore folderStore = new FolderStore(aws.dynamoDb(), tables);
        UserService users =
                new UserService(
                        userStore,
                        folderStore,
                        new PasswordHasher(),
                        cipher,
                        Clock.systemUTC(),
                        bucket);
        FolderService folders = new FolderService(folderStore, cipher, Clock.systemUTC(), bucket);
        try {
            SluiceSftpServer server =
                    SluiceSftpServer.start(
                            config, aws.dynamoDb(), aws.secretsManager(), s3, Clock.systemUTC());
            return new SftpSystem(
                    aws,
                    config,
                    tables,
                    bucket,
                    hostKeys,
                    users,
                    folders,
                    s3,
                    server,
                    Files.createTempDirectory("sluice-sftp-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * Another server task on the same tables, bucket and secrets (as a second Fargate task would
     * be); the caller closes it.
     */
    public SluiceSftpServer startTask(String node) {
        try {
            return SluiceSftpServer.start(
                    config.withHeartbeat(node, config.heartbeat()),
                    aws.dynamoDb(),
                    aws.secretsManager(),
                    s3Clients,
                    Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's own (Apache, pooled) S3 client: the fixture's url-connection one trips over
     * s3proxy's closed keep-alives.
     */
    public S3Client s3() {
        return s3Clients.defaultClient();
    }

    /** A unique user name for a test. */
    public String newName(String prefix) {
        String n = aws.uniqueName(prefix);
        userNames.add(n);
        return n;
    }

    /** Creates a user through the same service the REST API uses (validation, hashing). */
    public User createUser(User user) {
        users.create(user, false);
        return userStore.find(user.username()).orElseThrow();
    }

    public VirtualFolder createFolder(VirtualFolder folder) {
        folders.create(folder, false);
        return folderStore.find(folder.name()).orElseThrow();
    }

    /** An Ed25519 key pair made by ssh-keygen: the private key file and the public line. */
    public record SshKey(Path privateKey, String publicLine) {}

    public SshKey newKey(String name) {
        OpenSsh.assumeInstalled("ssh-keygen");
        try {
            Path key = keyDir.resolve(name);
            Process p =
                    new ProcessBuilder(
                                    "ssh-keygen",
                                    "-q",
                                    "-t",
                                    "ed25519",
                                    "-N",
                                    "",
                                    "-C",
                                    name,
                                    "-f",
                                    key.toString())
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ssh-keygen failed");
            }
            return new SshKey(
                    key,
                    Files.readString(key.resolveSibling(name + ".pub"), StandardCharsets.US_ASCII)
                            .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Optional<byte[]> object(String key) {
        try {
            return Optional.of(s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public void putObject(String key, byte[] data) {
        s3().putObject(
                        b -> b.bucket(bucket).key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
    }

    public List<String> keys(String prefix) {
        return s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    public int openMultipartUploads(String prefix) {
        return s3().listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().size();
    }

    public User user(String name) {
        return userStore.find(name).orElseThrow();
    }

    @Override
    public void close() {
        server.close();
        s3Clients.close();
    }
}
