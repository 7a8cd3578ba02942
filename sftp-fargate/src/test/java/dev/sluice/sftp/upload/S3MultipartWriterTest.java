package dev.sluice.sftp.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sftp.fs.Mount;
import dev.sluice.sftp.fs.Refusal;
import dev.sluice.sftp.fs.S3Clients;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;

/** The S3 writer alone, against the embedded S3 of the test fixture. */
@ExtendWith(AwsFixture.class)
class S3MultipartWriterTest {

    static final int MIB = 1024 * 1024;
    static final long BUDGET = 64L * MIB;
    static S3Clients clients;
    static S3Client s3;
    static String bucket;

    final ManualExecutor pool = new ManualExecutor();
    final MemoryBudget memory = new MemoryBudget(BUDGET);
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<Long> sent = new CopyOnWriteArrayList<>();
    final List<long[]> beforeAppear = new CopyOnWriteArrayList<>();
    Refusal refuseSecondPart;
    String key;

    @BeforeAll
    static void bucket(AwsEnvironment aws) {
        clients = new S3Clients(aws.region(), Optional.of(aws.s3Endpoint()), aws.credentials());
        s3 = clients.defaultClient();
        bucket = aws.uniqueName("writer");
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @BeforeEach
    void key(AwsEnvironment aws) {
        key = "users/w/" + aws.uniqueName("file");
    }

    /** Runs part tasks when the test says so, or at once after {@link #runAll()}. */
    static final class ManualExecutor extends AbstractExecutorService {
        private final Queue<Runnable> queued = new ArrayDeque<>();
        private boolean direct;

        synchronized int queued() {
            return queued.size();
        }

        void runAll() {
            Runnable next;
            synchronized (this) {
                direct = true;
            }
            while ((next = poll()) != null) {
                next.run();
            }
        }

        private synchronized Runnable poll() {
            return queued.poll();
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (!direct) {
                    queued.add(task);
                    return;
                }
            }
            task.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    S3MultipartWriter writer(PartSizer sizer, int partsInFlight) {
        return writer(sizer, partsInFlight, pool);
    }

    S3MultipartWriter writer(
            PartSizer sizer, int partsInFlight, java.util.concurrent.ExecutorService partPool) {
        Mount mount = new Mount("/", s3, bucket, "users/w/", Optional.empty(), null);
        return new S3MultipartWriter(
                mount,
                key,
                sizer,
                new S3MultipartWriter.Resources(memory, partPool, partsInFlight),
                Map.of("sluice-lease", "lease-1"),
                new S3MultipartWriter.Listener() {
                    @Override
                    public void started(String uploadId) {
                        started.add(uploadId);
                    }

                    @Override
                    public void sending(long newBytes) throws Refusal {
                        sent.add(newBytes);
                        if (refuseSecondPart != null && sent.size() == 2) {
                            throw refuseSecondPart;
                        }
                    }
                });
    }

    void complete(S3MultipartWriter writer) throws IOException {
        writer.complete((last, total) -> beforeAppear.add(new long[] {last, total}));
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    Optional<byte[]> object() {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    int multipartUploads() {
        return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().size();
    }

    @Test
    void aSmallFileIsOnePutObjectCarryingTheMetadata() throws IOException {
        pool.runAll();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        byte[] data = random(1000, 1);
        writer.append(data, 0, 400);
        writer.append(data, 400, 600);
        assertThat(writer.length()).isEqualTo(1000);
        complete(writer);
        assertThat(object()).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        assertThat(started).as("no multipart upload").isEmpty();
        assertThat(sent).isEmpty();
        assertThat(beforeAppear)
                .singleElement()
                .satisfies(a -> assertThat(a).containsExactly(1000, 1000));
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).metadata())
                .containsEntry("sluice-lease", "lease-1");
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void partsGoOutInTheBackgroundWhileTheFileFillsAndGrowWithIt() throws IOException {
        // Base 5 MiB, doubling every 2 parts: 5, 5, 10, 10, 20 ... MiB.
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB, 2), 3);
        byte[] data = random(21 * MIB, 2);
        writer.append(data, 0, 20 * MIB);
        assertThat(started).hasSize(1);
        // Each part's hashing follows the previous part's: only the first one is queued yet.
        assertThat(pool.queued())
                .as("three full parts, each handed to the part pool, and the first part's hashing")
                .isEqualTo(4);
        assertThat(writer.length()).isEqualTo(20L * MIB);
        pool.runAll();
        List<Part> uploaded =
                s3.listParts(b -> b.bucket(bucket).key(key).uploadId(started.get(0))).parts();
        assertThat(uploaded).extracting(Part::size).containsExactly(5L * MIB, 5L * MIB, 10L * MIB);
        assertThat(object()).as("nothing appears before completion").isEmpty();

        writer.append(data, 20 * MIB, MIB);
        complete(writer);
        assertThat(object()).hasValueSatisfying(b -> assertThat(Arrays.equals(b, data)).isTrue());
        assertThat(sent).containsExactly(5L * MIB, 5L * MIB, 10L * MIB, (long) MIB);
        assertThat(beforeAppear)
                .singleElement()
                .satisfies(a -> assertThat(a).containsExactly(0, 21L * MIB));
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).metadata())
                .containsEntry("sluice-lease", "lease-1");
        assertThat(multipartUploads()).isZero();
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void resumeCopiesALargeObjectServerSideAndCountsOnlyNewBytes() throws IOException {
        pool.runAll();
        byte[] first = random(6 * MIB, 3);
        String etag =
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(first)).eTag();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        writer.resume(first.length, etag);
        assertThat(started).as("the copy is a part of a multipart upload").hasSize(1);
        assertThat(writer.length()).isEqualTo(first.length);
        byte[] rest = random(MIB + 17, 4);
        writer.append(rest, 0, rest.length);
        assertThat(writer.newBytes()).isEqualTo(rest.length);
        complete(writer);
        byte[] expected = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, expected, first.length, rest.length);
        assertThat(object())
                .hasValueSatisfying(b -> assertThat(Arrays.equals(b, expected)).isTrue());
        assertThat(sent).containsExactly((long) rest.length);
        assertThat(beforeAppear)
                .singleElement()
                .satisfies(a -> assertThat(a).containsExactly(0, rest.length));
    }

    @Test
    void resumeReadsASmallObjectBackAndStillSendsOnePutObject() throws IOException {
        pool.runAll();
        byte[] first = random(MIB, 5);
        String etag =
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(first)).eTag();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        writer.resume(first.length, etag);
        byte[] rest = random(100, 6);
        writer.append(rest, 0, rest.length);
        complete(writer);
        byte[] expected = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, expected, first.length, rest.length);
        assertThat(object()).hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
        assertThat(started).isEmpty();
        assertThat(beforeAppear)
                .as("the read-back bytes are stored already: not new")
                .singleElement()
                .satisfies(a -> assertThat(a).containsExactly(100, 100));
    }

    @Test
    void bytesStillInThePartBufferCanBeOverwrittenSentOnesCannot() throws IOException {
        pool.runAll();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        byte[] data = random(6 * MIB, 7);
        writer.append(data, 0, data.length); // part 1 sent, 1 MiB held
        assertThat(writer.overwrite(10, new byte[4], 0, 4)).isFalse();
        assertThat(writer.overwrite(5L * MIB + 10, new byte[4], 0, 4)).isTrue();
        assertThat(writer.overwrite(6L * MIB - 2, new byte[4], 0, 4)).as("past the end").isFalse();
        complete(writer);
        Arrays.fill(data, 5 * MIB + 10, 5 * MIB + 14, (byte) 0);
        assertThat(object()).hasValueSatisfying(b -> assertThat(Arrays.equals(b, data)).isTrue());
    }

    @Test
    void abortLeavesNoObjectNoMultipartUploadAndNoMemoryHeld() throws IOException {
        pool.runAll();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        byte[] data = random(12 * MIB, 8);
        writer.append(data, 0, data.length);
        assertThat(multipartUploads()).isEqualTo(1);
        writer.abort();
        writer.abort();
        assertThat(multipartUploads()).isZero();
        assertThat(object()).isEmpty();
        assertThat(memory.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void aPartTheListenerRefusesFailsTheUploadBeforeTheObjectAppears() throws IOException {
        pool.runAll();
        refuseSecondPart =
                new Refusal(
                        Refusal.Reason.OVER_QUOTA, "quota exceeded: user limit 1 bytes / 0 files");
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        byte[] data = random(11 * MIB, 9);
        writer.append(data, 0, data.length);
        assertThatThrownBy(() -> complete(writer)).isSameAs(refuseSecondPart);
        writer.abort();
        assertThat(object()).isEmpty();
        assertThat(beforeAppear).isEmpty();
        assertThat(multipartUploads()).isZero();
    }

    /**
     * An SFTP client that disconnects mid-upload: MINA interrupts the subsystem thread, which then
     * aborts. The SDK gives up calls on an interrupted thread, so the abort once left the multipart
     * upload behind (seen as a flaky UploadBehaviourTest under load).
     */
    @Test
    void abortOnAnInterruptedThreadStillAbortsAndKeepsTheInterrupt() throws Exception {
        java.util.concurrent.ExecutorService realPool =
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3, realPool);
            byte[] data = random(12 * MIB, 10);
            writer.append(data, 0, data.length);
            assertThat(multipartUploads()).isEqualTo(1);
            Thread.currentThread().interrupt();
            writer.abort();
            assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
            assertThat(multipartUploads()).isZero();
            assertThat(object()).isEmpty();
            assertThat(memory.availableBytes()).isEqualTo(BUDGET);
        } finally {
            Thread.interrupted();
            realPool.shutdownNow();
        }
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance(algorithm).digest(data));
    }

    Map<String, String> metadata() {
        return s3.headObject(b -> b.bucket(bucket).key(key)).metadata();
    }

    @Test
    void aMultipartObjectGetsItsHashesAndTimeBySelfCopyKeepingTheLeaseMarker() throws Exception {
        pool.runAll();
        byte[] data = random(12 * MIB + 17, 21);
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        writer.append(data, 0, 3 * MIB);
        // A re-sent range still in the part buffer: the hashes cover what is finally sent.
        writer.overwrite(MIB, data, MIB, MIB);
        writer.append(data, 3 * MIB, data.length - 3 * MIB);
        java.time.Instant mtime = java.time.Instant.ofEpochSecond(1_000_000_000, 500_000_000);
        var stored =
                writer.complete(
                        (last, total) -> beforeAppear.add(new long[] {last, total}),
                        Optional.of(mtime));
        assertThat(object()).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        Map<String, String> md = metadata();
        assertThat(md)
                .containsEntry("sluice-lease", "lease-1")
                .containsEntry("mtime", "1000000000.5")
                .containsEntry("sha256", hex("SHA-256", data))
                .containsEntry("sha1", hex("SHA-1", data));
        assertThat(stored.meta().md5()).contains(hex("MD5", data));
        assertThat(stored.etag()).isEqualTo(s3.headObject(b -> b.bucket(bucket).key(key)).eTag());
    }

    @Test
    void aSmallObjectCarriesItsHashesInThePutAndAResumedOneToo() throws Exception {
        pool.runAll();
        byte[] first = random(1000, 22);
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        writer.append(first, 0, first.length);
        writer.complete((last, total) -> {}, Optional.empty());
        assertThat(metadata())
                .containsEntry("sha256", hex("SHA-256", first))
                .doesNotContainKey("mtime");

        // Resumed under S3's minimum part: the old bytes are read back, so the hashes are whole.
        String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
        byte[] more = random(500, 23);
        S3MultipartWriter resumed = writer(new PartSizer(5L * MIB), 3);
        resumed.resume(first.length, etag);
        resumed.append(more, 0, more.length);
        resumed.complete((last, total) -> {}, Optional.empty());
        byte[] whole = new byte[first.length + more.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(more, 0, whole, first.length, more.length);
        assertThat(metadata()).containsEntry("sha256", hex("SHA-256", whole));
    }

    @Test
    void aPrefixCopiedServerSideLeavesTheObjectWithoutHashes() throws Exception {
        pool.runAll();
        byte[] first = random(5 * MIB + 3, 24);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(first));
        String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
        S3MultipartWriter writer = writer(new PartSizer(5L * MIB), 3);
        writer.resume(first.length, etag);
        byte[] more = random(1000, 25);
        writer.append(more, 0, more.length);
        java.time.Instant mtime = java.time.Instant.ofEpochSecond(42);
        writer.complete((last, total) -> {}, Optional.of(mtime));
        assertThat(metadata())
                .doesNotContainKeys("sha256", "sha1", "md5chksum")
                .containsEntry("mtime", "42")
                .containsEntry("sluice-lease", "lease-1");
        assertThat(object().orElseThrow()).hasSize(first.length + more.length);
    }
}
