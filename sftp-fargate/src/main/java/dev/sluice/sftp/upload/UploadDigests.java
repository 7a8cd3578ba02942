package dev.sluice.sftp.upload;

import dev.sluice.sftp.fs.Checksum;
import dev.sluice.sftp.fs.ObjectMeta;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hashes of an upload's bytes, fed in file order: MD5 (rclone's and {@code md5sum}'s), SHA-1
 * (rclone's sftp backend asks {@code sha1sum}; cheap with the CPU's SHA instructions) and SHA-256.
 * Not thread-safe: its owner feeds it one part after the other.
 */
final class UploadDigests {

    /**
     * Internal switch for the throughput bench only ({@code sluice.internal.uploadHashes=false},
     * read per upload so the bench can compare in one run): measures what hashing costs. Not a
     * setting: objects without hashes make {@code md5sum} read them again.
     */
    static final String SWITCH = "sluice.internal.uploadHashes";

    private final MessageDigest md5 = Checksum.MD5.digest();
    private final MessageDigest sha1 = Checksum.SHA1.digest();
    private final MessageDigest sha256 = Checksum.SHA256.digest();

    /** Digests for a new upload, or empty when the bench switched hashing off. */
    static Optional<UploadDigests> start() {
        return "false".equals(System.getProperty(SWITCH))
                ? Optional.empty()
                : Optional.of(new UploadDigests());
    }

    void update(byte[] data, int offset, int length) {
        md5.update(data, offset, length);
        sha1.update(data, offset, length);
        sha256.update(data, offset, length);
    }

    /** The hashes of everything fed (ends the digests). */
    ObjectMeta finish() {
        HexFormat hex = HexFormat.of();
        return new ObjectMeta(
                Optional.empty(),
                Optional.of(hex.formatHex(md5.digest())),
                Optional.of(hex.formatHex(sha1.digest())),
                Optional.of(hex.formatHex(sha256.digest())));
    }
}
