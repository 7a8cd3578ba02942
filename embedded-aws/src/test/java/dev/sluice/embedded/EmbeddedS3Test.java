package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {

    private static EmbeddedS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        s3 = EmbeddedS3.inMemory();
        System.out.printf(
                "EmbeddedS3 (transient) started in %d ms on %s%n",
                (System.nanoTime() - t0) / 1_000_000, s3.endpoint());
        client = Clients.s3(s3);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void listensOnLoopbackWithTheGivenKeys() {
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(s3.port()).isPositive();
        assertThat(s3.accessKey()).isEqualTo(EmbeddedS3.DEFAULT_ACCESS_KEY);
        assertThat(s3.secretKey()).isEqualTo(EmbeddedS3.DEFAULT_SECRET_KEY);
        assertThat(s3.directory()).isEmpty();
    }

    @Test
    void createBucketPutGetHeadListDelete() {
        String bucket = "basic";
        client.createBucket(b -> b.bucket(bucket));
        assertThat(client.listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));

        client.putObject(
                b ->
                        b.bucket(bucket)
                                .key("alice/docs/a.txt")
                                .contentType("text/plain")
                                .metadata(java.util.Map.of("owner", "alice")),
                RequestBody.fromString("hello"));
        client.putObject(
                b -> b.bucket(bucket).key("alice/docs/b.txt"), RequestBody.fromString("world!"));
        client.putObject(b -> b.bucket(bucket).key("alice/empty/"), RequestBody.empty());
        client.putObject(
                b -> b.bucket(bucket).key("bob/x.bin"),
                RequestBody.fromBytes(new byte[] {1, 2, 3}));

        ResponseBytes<GetObjectResponse> got =
                client.getObjectAsBytes(b -> b.bucket(bucket).key("alice/docs/a.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata()).containsEntry("owner", "alice");

        var head = client.headObject(b -> b.bucket(bucket).key("alice/docs/b.txt"));
        assertThat(head.contentLength()).isEqualTo(6);

        // ranged GET (the SFTP server's read-ahead relies on it)
        assertThat(
                        client.getObjectAsBytes(
                                        b ->
                                                b.bucket(bucket)
                                                        .key("alice/docs/b.txt")
                                                        .range("bytes=1-3"))
                                .asUtf8String())
                .isEqualTo("orl");

        var listing = client.listObjectsV2(b -> b.bucket(bucket).prefix("alice/").delimiter("/"));
        assertThat(listing.commonPrefixes())
                .extracting(CommonPrefix::prefix)
                .containsExactly("alice/docs/", "alice/empty/");
        assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("alice/docs/")).contents())
                .extracting(S3Object::key, S3Object::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice/docs/a.txt", 5L),
                        org.assertj.core.groups.Tuple.tuple("alice/docs/b.txt", 6L));

        // pagination
        var page1 = client.listObjectsV2(b -> b.bucket(bucket).maxKeys(2));
        assertThat(page1.contents()).hasSize(2);
        assertThat(page1.isTruncated()).isTrue();
        var page2 =
                client.listObjectsV2(
                        b ->
                                b.bucket(bucket)
                                        .maxKeys(2)
                                        .continuationToken(page1.nextContinuationToken()));
        assertThat(page2.contents()).hasSize(2);

        client.deleteObject(b -> b.bucket(bucket).key("alice/docs/a.txt"));
        assertThatThrownBy(
                        () ->
                                client.getObjectAsBytes(
                                        b -> b.bucket(bucket).key("alice/docs/a.txt")))
                .isInstanceOf(NoSuchKeyException.class);
        client.deleteObjects(
                b ->
                        b.bucket(bucket)
                                .delete(
                                        d ->
                                                d.objects(
                                                        Stream.of(
                                                                        "alice/docs/b.txt",
                                                                        "alice/empty/",
                                                                        "bob/x.bin")
                                                                .map(
                                                                        k ->
                                                                                ObjectIdentifier
                                                                                        .builder()
                                                                                        .key(k)
                                                                                        .build())
                                                                .toList())));
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        client.deleteBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket(bucket)))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void multipartUploadCompletes() {
        String bucket = "multipart";
        client.createBucket(b -> b.bucket(bucket));
        byte[] part1 = randomBytes(5 * 1024 * 1024, 1); // every part but the last must be >= 5 MiB
        byte[] part2 = randomBytes(1234, 2);

        String uploadId =
                client.createMultipartUpload(
                                b ->
                                        b.bucket(bucket)
                                                .key("big.bin")
                                                .contentType("application/octet-stream"))
                        .uploadId();
        // nothing is visible until the upload completes
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .anyMatch(u -> u.uploadId().equals(uploadId));

        List<CompletedPart> parts = new ArrayList<>();
        String etag1 =
                client.uploadPart(
                                b ->
                                        b.bucket(bucket)
                                                .key("big.bin")
                                                .uploadId(uploadId)
                                                .partNumber(1),
                                RequestBody.fromBytes(part1))
                        .eTag();
        parts.add(CompletedPart.builder().partNumber(1).eTag(etag1).build());
        String etag2 =
                client.uploadPart(
                                b ->
                                        b.bucket(bucket)
                                                .key("big.bin")
                                                .uploadId(uploadId)
                                                .partNumber(2),
                                RequestBody.fromBytes(part2))
                        .eTag();
        parts.add(CompletedPart.builder().partNumber(2).eTag(etag2).build());
        assertThat(
                        client.listParts(b -> b.bucket(bucket).key("big.bin").uploadId(uploadId))
                                .parts())
                .hasSize(2);

        var done =
                client.completeMultipartUpload(
                        b ->
                                b.bucket(bucket)
                                        .key("big.bin")
                                        .uploadId(uploadId)
                                        .multipartUpload(m -> m.parts(parts)));
        assertThat(done.eTag()).endsWith("-2\"");

        byte[] back = client.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray();
        assertThat(back).hasSize(part1.length + part2.length);
        assertThat(java.util.Arrays.copyOfRange(back, 0, part1.length)).isEqualTo(part1);
        assertThat(java.util.Arrays.copyOfRange(back, part1.length, back.length)).isEqualTo(part2);
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void multipartUploadAbortLeavesNothing() {
        String bucket = "aborted";
        client.createBucket(b -> b.bucket(bucket));
        String uploadId =
                client.createMultipartUpload(b -> b.bucket(bucket).key("gone.bin")).uploadId();
        client.uploadPart(
                b -> b.bucket(bucket).key("gone.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(randomBytes(64 * 1024, 3)));
        client.abortMultipartUpload(b -> b.bucket(bucket).key("gone.bin").uploadId(uploadId));

        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(bucket).key("gone.bin")))
                .isInstanceOf(NoSuchKeyException.class);
        // Unlike AWS, s3proxy still accepts a part for an aborted upload id; completing it fails.
        assertThatThrownBy(
                        () ->
                                client.completeMultipartUpload(
                                        b ->
                                                b.bucket(bucket)
                                                        .key("gone.bin")
                                                        .uploadId(uploadId)
                                                        .multipartUpload(
                                                                m ->
                                                                        m.parts(
                                                                                CompletedPart
                                                                                        .builder()
                                                                                        .partNumber(
                                                                                                1)
                                                                                        .eTag(
                                                                                                "\"0\"")
                                                                                        .build()))))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void copyThenDeleteIsARename() {
        String bucket = "copies";
        client.createBucket(b -> b.bucket(bucket));
        client.putObject(
                b -> b.bucket(bucket).key("old/name.txt").metadata(java.util.Map.of("k", "v")),
                RequestBody.fromString("content"));
        client.copyObject(
                b ->
                        b.sourceBucket(bucket)
                                .sourceKey("old/name.txt")
                                .destinationBucket(bucket)
                                .destinationKey("new/name with spaces+ü.txt"));
        client.deleteObject(b -> b.bucket(bucket).key("old/name.txt"));

        var got = client.getObjectAsBytes(b -> b.bucket(bucket).key("new/name with spaces+ü.txt"));
        assertThat(got.asUtf8String()).isEqualTo("content");
        assertThat(got.response().metadata()).containsEntry("k", "v");
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(S3Object::key)
                .containsExactly("new/name with spaces+ü.txt");
    }

    @Test
    void wrongSecretIsRejected() {
        try (S3Client intruder =
                Clients.s3(s3.endpoint(), Clients.credentials(s3.accessKey(), "wrong"))) {
            assertThatThrownBy(intruder::listBuckets)
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        try (S3Client stranger =
                Clients.s3(s3.endpoint(), Clients.credentials("nobody", s3.secretKey()))) {
            assertThatThrownBy(stranger::listBuckets)
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void filesystemStoreKeepsObjectsAcrossRestarts(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("s3");
        try (var first = EmbeddedS3.builder().filesystem(data).credentials("AK", "SK").start();
                var c = Clients.s3(first)) {
            assertThat(first.directory()).contains(data.toAbsolutePath());
            c.createBucket(b -> b.bucket("kept"));
            c.putObject(b -> b.bucket("kept").key("a/b.txt"), RequestBody.fromString("persisted"));
        }
        assertThat(data.resolve("kept")).isDirectory();
        try (var second = EmbeddedS3.builder().filesystem(data).credentials("AK", "SK").start();
                var c = Clients.s3(second)) {
            assertThat(
                            c.getObjectAsBytes(b -> b.bucket("kept").key("a/b.txt"))
                                    .asString(StandardCharsets.UTF_8))
                    .isEqualTo("persisted");
        }
    }

    @Test
    void unfinishedUploadFilesGoWhileObjectsStay(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("s3");
        try (var store = EmbeddedS3.builder().filesystem(data).credentials("AK", "SK").start();
                var c = Clients.s3(store)) {
            c.createBucket(b -> b.bucket("leftovers"));
            c.putObject(
                    b -> b.bucket("leftovers").key("dir/kept.txt"), RequestBody.fromString("kept"));
            String id =
                    c.createMultipartUpload(b -> b.bucket("leftovers").key("dir/big.bin"))
                            .uploadId();
            c.uploadPart(
                    b -> b.bucket("leftovers").key("dir/big.bin").uploadId(id).partNumber(1),
                    RequestBody.fromBytes(randomBytes(6 * 1024 * 1024, 3)));
            c.abortMultipartUpload(b -> b.bucket("leftovers").key("dir/big.bin").uploadId(id));
            // What a process killed while writing part 2 leaves: a part file no upload knows.
            Path stray =
                    data.resolve("leftovers")
                            .resolve(".mpus-" + id + "-dir")
                            .resolve("big.bin-2-half-written");
            Files.createDirectories(stray.getParent());
            Files.write(stray, new byte[1000]);

            assertThat(store.deleteUnfinishedUploadFiles()).isEqualTo(1000);
            try (var left = Files.walk(data.resolve("leftovers"))) {
                assertThat(
                                left.filter(Files::isRegularFile)
                                        .map(p -> data.relativize(p).toString()))
                        .allSatisfy(name -> assertThat(name).doesNotContain(".mpus-"));
            }
            assertThat(
                            c.getObjectAsBytes(b -> b.bucket("leftovers").key("dir/kept.txt"))
                                    .asString(StandardCharsets.UTF_8))
                    .isEqualTo("kept");
        }
        try (var memory = EmbeddedS3.inMemory()) {
            assertThat(memory.deleteUnfinishedUploadFiles()).isZero();
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
