package dev.sluice.backup;

import dev.sluice.fs.StorageLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link BackupFiles} in the installation's bucket. */
public final class S3BackupFiles implements BackupFiles {

    private final S3Client s3;
    private final String bucket;

    public S3BackupFiles(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String location(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    @Override
    public void write(String name, byte[] data) {
        s3.putObject(
                p -> p.bucket(bucket).key(key(name)).contentType("application/json"),
                RequestBody.fromBytes(data));
    }

    @Override
    public byte[] read(String name) {
        String key = key(name);
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(g -> g.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > MAX_INPUT_BYTES) {
                in.abort();
                throw new TooLarge(location(name), length);
            }
            // Bounded whatever the object turns out to hold.
            byte[] data = in.readNBytes((int) MAX_INPUT_BYTES + 1);
            if (data.length > MAX_INPUT_BYTES) {
                in.abort();
                throw new TooLarge(location(name), data.length);
            }
            return data;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFile(location(name));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFile(location(name));
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String name) {
        return StorageLocation.BACKUPS + BackupFiles.checkName("file", name);
    }
}
