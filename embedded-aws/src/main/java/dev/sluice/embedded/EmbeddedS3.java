package dev.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 endpoint in this JVM: s3proxy 4.1.0 on 127.0.0.1, checking AWS Signature V4 (and V2)
 * against one access key and secret.
 *
 * <p>The {@code transient} store (default) keeps objects in memory; {@link
 * Builder#filesystem(Path)} stores buckets as folders under a directory, so local mode keeps its
 * files across restarts. Use a path-style client ({@code forcePathStyle(true)}). The sync SDK
 * client works for every operation the project uses, multipart included; the CRT client's multipart
 * uploads do not work against s3proxy; the async (Netty) client needs {@code ignoreUnknownHeaders},
 * which is on by default here.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /**
     * The access key used when none is given. Letters and digits only: DynamoDB Local 2.x refuses
     * other access keys ("The Access Key ID or security token is invalid") when it keeps its tables
     * on disk, and {@link EmbeddedAws} hands the same credentials to every service.
     */
    public static final String DEFAULT_ACCESS_KEY = "sluicelocal";

    /** The secret key used when none is given. */
    public static final String DEFAULT_SECRET_KEY = "sluicelocalsecret";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedS3(
            S3Proxy proxy, URI endpoint, String accessKey, String secretKey, Path directory) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.directory = directory;
    }

    /** An in-memory store on a free loopback port with the default credentials. */
    public static EmbeddedS3 inMemory() {
        return builder().start();
    }

    /** A store under {@code directory} (created if missing) with the default credentials. */
    public static EmbeddedS3 filesystem(Path directory) {
        return builder().filesystem(directory).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for a path-style S3 client. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The folder holding the buckets, or empty for the in-memory store. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * Deletes what the filesystem store keeps of multipart uploads ({@code .mpus-*} beside each
     * bucket's objects; s3proxy reserves the name): call it only once every upload is aborted and
     * none is running, to remove the part files a killed process was still writing (an abort
     * removes only the parts that were complete). Returns the bytes freed; 0 for the in-memory
     * store.
     */
    public long deleteUnfinishedUploadFiles() {
        if (directory == null) {
            return 0;
        }
        long freed = 0;
        try (var buckets = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path bucket : buckets) {
                try (var leftovers = Files.newDirectoryStream(bucket, ".mpus-*")) {
                    for (Path leftover : leftovers) {
                        freed += deleteTree(leftover);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean unfinished uploads under " + directory, e);
        }
        return freed;
    }

    private static long deleteTree(Path root) throws IOException {
        long[] freed = {0};
        Files.walkFileTree(
                root,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(
                            Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                            throws IOException {
                        freed[0] += attrs.size();
                        Files.delete(file);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        Files.delete(dir);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
        return freed[0];
    }

    /** Stops the server; idempotent. Objects of the in-memory store are gone afterwards. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("s3proxy did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3["
                + endpoint
                + (directory == null ? ", in memory" : ", " + directory)
                + "]";
    }

    /** Options for {@link EmbeddedS3}. */
    public static final class Builder {
        private Path directory;
        private int port;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;
        private boolean ignoreUnknownHeaders = true;

        private Builder() {}

        /** Store buckets as folders under this directory (created if missing). */
        public Builder filesystem(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Keep everything in memory (the default). */
        public Builder inMemory() {
            this.directory = null;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The only key pair that the endpoint accepts. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** Accept headers s3proxy does not know (default true; the async SDK client sends some). */
        public Builder ignoreUnknownHeaders(boolean ignore) {
            this.ignoreUnknownHeaders = ignore;
            return this;
        }

        public EmbeddedS3 start() {
            QuietLogging.apply();
            BlobStore store;
            Path dir = null;
            if (directory == null) {
                store = new TransientNio2BlobStore();
            } else {
                dir = directory.toAbsolutePath();
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create S3 folder " + dir, e);
                }
                store = new FilesystemNio2BlobStore(dir.toString());
            }
            S3Proxy proxy;
            try {
                proxy = build(store);
            } catch (LinkageError e) {
                if (mentionsJackson(e)) {
                    throw new IllegalStateException(
                            "s3proxy 4.1.0 runs on Jackson 3.2, which needs"
                                    + " com.fasterxml.jackson.core:jackson-annotations 2.22 or newer on the classpath,"
                                    + " found an older one ("
                                    + e
                                    + "). Pin jackson-annotations to 2.22 in the"
                                    + " dependencyManagement of the module (or parent) that runs this.",
                            e);
                }
                throw e;
            }
            try {
                proxy.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!"STARTED".equals(proxy.getState())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("s3proxy state " + proxy.getState());
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopQuietly(proxy);
                throw new IllegalStateException("interrupted while starting s3proxy", e);
            } catch (Exception e) {
                stopQuietly(proxy);
                throw new IllegalStateException("s3proxy did not start: " + e.getMessage(), e);
            }
            URI endpoint = URI.create("http://" + Loopback.HOST + ":" + proxy.getPort());
            return new EmbeddedS3(proxy, endpoint, accessKey, secretKey, dir);
        }

        private S3Proxy build(BlobStore store) {
            return S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://" + Loopback.HOST + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .ignoreUnknownHeaders(ignoreUnknownHeaders)
                    // no graceful drain: Jetty's GracefulHandler would wait for the clients'
                    // keep-alive connections and time out
                    .stopTimeout(0)
                    .build();
        }

        private static boolean mentionsJackson(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("jackson")) {
                    return true;
                }
            }
            return false;
        }

        private static void stopQuietly(S3Proxy proxy) {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }
}
