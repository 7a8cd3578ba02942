package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class ListingTimesTest {

    static final Instant LISTED = Instant.parse("2024-05-06T07:08:09Z");
    static final Instant CLIENT = Instant.parse("2001-01-01T00:00:00Z");

    @Test
    void cachedObjectsNeedNoHeadAndAFailedHeadShowsS3sTimeInsteadOfFailingTheListing() {
        ExecutorService heads = Executors.newFixedThreadPool(2);
        // An S3 endpoint that refuses every connection: each HEAD fails.
        try (S3Client dead =
                S3Client.builder()
                        .httpClient(UrlConnectionHttpClient.builder().build())
                        .region(Region.US_EAST_1)
                        .endpointOverride(URI.create("http://127.0.0.1:9"))
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("key", "secret")))
                        .build()) {
            Mount m = new Mount("/", dead, "bucket", "u/", Optional.empty(), null);
            var cache = new ObjectMetaCache(10);
            cache.put(m, "u/known.txt", "e1", LISTED, ObjectMeta.NONE.withMtime(CLIENT));
            var times = new ListingTimes(cache, heads);
            List<FileInfo> page =
                    List.of(
                            FileInfo.directory("dir", null),
                            FileInfo.file("known.txt", 1, LISTED, "e1"),
                            FileInfo.file("unknown.txt", 2, LISTED, "e2"));
            List<FileInfo> out = times.resolve(m, "u/", page);
            assertThat(out)
                    .extracting(FileInfo::name)
                    .containsExactly("dir", "known.txt", "unknown.txt");
            assertThat(out.get(1).lastModified()).isEqualTo(CLIENT);
            assertThat(out.get(2).lastModified()).isEqualTo(LISTED);
        } finally {
            heads.shutdownNow();
        }
    }
}
