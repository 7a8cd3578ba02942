package dev.sluice.sftp.bench;

import dev.sluice.embedded.EmbeddedS3;
import dev.sluice.sftp.fs.S3Clients;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Times a multipart upload against s3proxy: parts (3 in flight, like Sluice) versus the completion,
 * and one PutObject.
 */
final class MultipartProbe {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int partMib = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        var dir = Files.createTempDirectory("probe");
        try (EmbeddedS3 s3p = EmbeddedS3.filesystem(dir)) {
            var s3 =
                    new S3Clients(
                            Region.US_EAST_1,
                            Optional.of(s3p.endpoint()),
                            StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create(s3p.accessKey(), s3p.secretKey())));
            var c = s3.defaultClient();
            c.createBucket(b -> b.bucket("probe"));
            byte[] part = new byte[partMib * 1024 * 1024];
            new java.util.Random(1).nextBytes(part);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                String id = c.createMultipartUpload(b -> b.bucket("probe").key("m")).uploadId();
                List<Future<CompletedPart>> parts = new ArrayList<>();
                for (int i = 1; i <= mib / partMib; i++) {
                    int n = i;
                    parts.add(
                            pool.submit(
                                    () ->
                                            CompletedPart.builder()
                                                    .partNumber(n)
                                                    .eTag(
                                                            c.uploadPart(
                                                                            b ->
                                                                                    b.bucket(
                                                                                                    "probe")
                                                                                            .key(
                                                                                                    "m")
                                                                                            .uploadId(
                                                                                                    id)
                                                                                            .partNumber(
                                                                                                    n)
                                                                                            .contentLength(
                                                                                                    (long)
                                                                                                            part.length),
                                                                            RequestBody.fromBytes(
                                                                                    part))
                                                                    .eTag())
                                                    .build()));
                }
                List<CompletedPart> done = new ArrayList<>();
                for (var f : parts) {
                    done.add(f.get());
                }
                long t1 = System.nanoTime();
                c.completeMultipartUpload(
                        b ->
                                b.bucket("probe")
                                        .key("m")
                                        .uploadId(id)
                                        .multipartUpload(u -> u.parts(done)));
                long t2 = System.nanoTime();
                double mb = mib * 1.048576;
                System.out.printf(
                        "multipart: parts %.0f MB/s (%.2f s), complete %.2f s, overall %.0f MB/s%n",
                        mb / ((t1 - t0) / 1e9),
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9,
                        mb / ((t2 - t0) / 1e9));
            }
            s3.close();
            pool.shutdown();
        }
        System.exit(0);
    }
}
