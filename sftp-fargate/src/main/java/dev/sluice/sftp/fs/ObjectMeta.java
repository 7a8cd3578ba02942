package dev.sluice.sftp.fs;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Sluice keeps in an object's S3 user metadata besides the quota lease marker: the client's
 * modification time and the hashes computed while uploading. The one place that decides the keys
 * and formats, chosen so that rclone's S3 backend reads the same bucket right: {@code mtime} is
 * seconds since the epoch with an optional fraction ("1354040105.123456789", trailing zeros
 * dropped, as rclone writes X-Amz-Meta-Mtime), {@code md5chksum} the base64 MD5 (rclone's key),
 * {@code sha256} and {@code sha1} lower-case hex. Values are parsed leniently and written exactly;
 * a value that does not parse (garbage, hostile, out of range) is ignored, never an error.
 *
 * @param mtime the client's modification time
 * @param md5 the content's MD5, lower-case hex
 * @param sha1 the content's SHA-1, lower-case hex
 * @param sha256 the content's SHA-256, lower-case hex
 */
public record ObjectMeta(
        Optional<Instant> mtime,
        Optional<String> md5,
        Optional<String> sha1,
        Optional<String> sha256) {

    /** rclone's key for the modification time. */
    public static final String MTIME = "mtime";

    /** rclone's key for the base64 MD5. */
    public static final String MD5 = "md5chksum";

    /** The hex SHA-1. */
    public static final String SHA1 = "sha1";

    /** The hex SHA-256. */
    public static final String SHA256 = "sha256";

    /** Nothing known. */
    public static final ObjectMeta NONE =
            new ObjectMeta(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Year 9999: later times (and negative ones) are not a file's time, whatever they claim. */
    private static final long MAX_SECONDS = 253_402_300_799L;

    private static final Pattern MTIME_FORMAT = Pattern.compile("[0-9]{1,12}(\\.[0-9]{0,30})?");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final HexFormat HEX_FORMAT = HexFormat.of();

    /** Reads what it knows from an object's user metadata (keys in any case); ignores the rest. */
    public static ObjectMeta parse(Map<String, String> userMetadata) {
        if (userMetadata == null || userMetadata.isEmpty()) {
            return NONE;
        }
        Map<String, String> lower = new HashMap<>();
        userMetadata.forEach(
                (k, v) -> {
                    if (k != null && v != null) {
                        lower.put(k.toLowerCase(Locale.ROOT), v);
                    }
                });
        return new ObjectMeta(
                parseMtime(lower.get(MTIME)),
                parseMd5(lower.get(MD5)),
                parseHex(lower.get(SHA1), 40),
                parseHex(lower.get(SHA256), 64));
    }

    /** The metadata entries for what is known (none for what is not). */
    public Map<String, String> write() {
        Map<String, String> out = new HashMap<>();
        mtime.ifPresent(t -> out.put(MTIME, formatMtime(t)));
        md5.ifPresent(h -> out.put(MD5, Base64.getEncoder().encodeToString(hexBytes(h))));
        sha1.ifPresent(h -> out.put(SHA1, h));
        sha256.ifPresent(h -> out.put(SHA256, h));
        return out;
    }

    /**
     * {@code existing} user metadata with this record's keys replaced by what it knows (keys it
     * does not know stay as they were; other metadata, such as the lease marker, stays).
     */
    public Map<String, String> mergedInto(Map<String, String> existing) {
        Map<String, String> out = new HashMap<>(existing);
        out.putAll(write());
        return out;
    }

    /** The same with the modification time {@code time}. */
    public ObjectMeta withMtime(Instant time) {
        return new ObjectMeta(Optional.of(time), md5, sha1, sha256);
    }

    /** The same with the hashes of {@code other} (this record's time stays). */
    public ObjectMeta withHashesOf(ObjectMeta other) {
        return new ObjectMeta(mtime, other.md5, other.sha1, other.sha256);
    }

    /** The time a client sees: the stored mtime, else {@code lastModified} (S3's). */
    public Instant timeOr(Instant lastModified) {
        return mtime.orElse(lastModified);
    }

    /** rclone's format: whole seconds, then "." and the nanoseconds without trailing zeros. */
    public static String formatMtime(Instant t) {
        String out = Long.toString(t.getEpochSecond());
        if (t.getNano() == 0) {
            return out;
        }
        String nanos = String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", "");
        return out + "." + nanos;
    }

    /**
     * A time in rclone's format, or empty: digits before the point, up to 9 used after it (more are
     * cut, as rclone does); negative, exponential, over-long or far-future values are ignored.
     */
    public static Optional<Instant> parseMtime(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (!MTIME_FORMAT.matcher(v).matches()) {
            return Optional.empty();
        }
        int point = v.indexOf('.');
        long seconds = Long.parseLong(point < 0 ? v : v.substring(0, point));
        if (seconds > MAX_SECONDS) {
            return Optional.empty();
        }
        int nanos = 0;
        if (point >= 0) {
            String fraction = (v.substring(point + 1) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        return Optional.of(Instant.ofEpochSecond(seconds, nanos));
    }

    private static Optional<String> parseMd5(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(value.strip());
            return raw.length == 16 ? Optional.of(HEX_FORMAT.formatHex(raw)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> parseHex(String value, int length) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return v.length() == length && HEX.matcher(v).matches()
                ? Optional.of(v.toLowerCase(Locale.ROOT))
                : Optional.empty();
    }

    private static byte[] hexBytes(String hex) {
        return HEX_FORMAT.parseHex(hex);
    }
}
