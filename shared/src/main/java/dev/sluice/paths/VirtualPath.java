package dev.sluice.paths;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Absolute, slash-separated paths as a user sees them ("/", "/dir/file.txt").
 *
 * <p>The one place that decides what a path means: configuration (permission keys, pattern and
 * retention paths, virtual folder mount points) and the SFTP server both go through it, so no two
 * pieces of code can disagree about whether a path leaves its root.
 */
public final class VirtualPath {

    private VirtualPath() {
    }

    /**
     * Cleans an absolute path: collapses repeated slashes, drops "." segments and a trailing slash.
     * Returns empty when the path is not absolute, climbs with "..", or holds characters no path
     * may hold (NUL, control characters, backslashes), so callers refuse it rather than guess.
     */
    public static Optional<String> clean(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return Optional.empty();
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return Optional.empty();
            }
        }
        // Compatibility forms (e.g. fullwidth "．．") must not become ".." after someone else normalises.
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFKC);
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : nfc.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return Optional.empty();
            }
            segments.addLast(segment);
        }
        if (!nfc.equals(path)) {
            // A path that changes under NFKC is refused outright: two spellings, one meaning.
            return Optional.empty();
        }
        return Optional.of(segments.isEmpty() ? "/" : "/" + String.join("/", segments));
    }

    /** True when {@code path} equals {@code ancestor} or lies below it (both clean). */
    public static boolean isWithin(String path, String ancestor) {
        if (ancestor.equals("/")) {
            return true;
        }
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    /** The parent of a clean path; the parent of "/" is "/". */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The last segment of a clean path; "" for "/". */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
