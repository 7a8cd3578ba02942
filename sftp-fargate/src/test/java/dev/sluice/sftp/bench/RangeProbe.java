package dev.sluice.sftp.bench;

import dev.sluice.embedded.EmbeddedS3;
import dev.sluice.sftp.fs.S3Clients;
import java.nio.file.Files;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/** Times ranged GETs against s3proxy (with and without If-Match) to locate download costs. */
final class RangeProbe {
    public static void main(String[] args) throws Exception {
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
            byte[] data = new byte[256 * 1024 * 1024];
            new java.util.Random(1).nextBytes(data);
            c.putObject(b -> b.bucket("probe").key("o"), RequestBody.fromBytes(data));
            String etag = c.headObject(b -> b.bucket("probe").key("o")).eTag();
            for (boolean match : new boolean[] {false, true, false}) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 64; i++) {
                    long s = i * 4L * 1024 * 1024;
                    String range = "bytes=" + s + "-" + (s + 4 * 1024 * 1024 - 1);
                    c.getObjectAsBytes(
                            b -> {
                                b.bucket("probe").key("o").range(range);
                                if (match) {
                                    b.ifMatch(etag);
                                }
                            });
                }
                System.out.printf(
                        "ifMatch=%s: %.0f MB/s%n",
                        match, 256 * 1.048576 / ((System.nanoTime() - t0) / 1e9));
            }
            long t0 = System.nanoTime();
            c.headObject(b -> b.bucket("probe").key("o"));
            System.out.printf("head: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            s3.close();
        }
        System.exit(0);
    }
}
