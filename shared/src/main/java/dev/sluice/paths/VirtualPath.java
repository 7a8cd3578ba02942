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

    private VirtualPath() {}

    /**
     * Cleans an absolute path: collapses repeated slashes, drops "." segments and a trailing slash.
     * Returns empty when the path is not absolute, climbs with "..", or holds a segment no name may
     * have ({@link #problemWithSegment}), so callers refuse it rather than guess.
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
        // Compatibility forms (e.g. fullwidth "．．") must not become ".." after someone else
        // normalises.
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFKC);
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : nfc.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || problemWithSegment(segment).isPresent()) {
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

    /**
     * Why a single path segment (a file or directory name) is refused, or empty when it is fine.
     *
     * <p>Names that look identical to another name to a person or to another system are refused,
     * because a file-name filter, a permission path or a retention rule compares the exact text:
     *
     * <ul>
     *   <li>a trailing dot or space ({@code "a.exe."}, {@code "a.exe "}): Windows clients and
     *       Explorer strip them, so the name a filter sees is not the name the user sees;
     *   <li>Unicode format characters (general category Cf: zero-width space and joiners,
     *       bidirectional overrides such as U+202E that show {@code "a‮exe.txt"} reversed, the BOM)
     *       and every other default-ignorable code point (variation selectors, soft hyphen, Hangul
     *       fillers, tags): they render as nothing;
     *   <li>unpaired surrogates (not text at all).
     * </ul>
     *
     * Control characters, backslashes and Unicode compatibility forms are refused by {@link
     * #clean}.
     */
    public static Optional<String> problemWithSegment(String segment) {
        if (segment.isEmpty()) {
            return Optional.of("a name cannot be empty");
        }
        char last = segment.charAt(segment.length() - 1);
        if ((last == '.' || last == ' ') && !segment.equals(".") && !segment.equals("..")) {
            return Optional.of(
                    "a name cannot end with a dot or a space (Windows strips them, so the name would not be"
                            + " the one filters and permissions see)");
        }
        for (int i = 0; i < segment.length(); ) {
            int cp = segment.codePointAt(i);
            if (Character.isSurrogate((char) cp)) {
                return Optional.of("a name cannot hold an unpaired surrogate (invalid UTF-16)");
            }
            if (isInvisible(cp)) {
                return Optional.of(
                        String.format(
                                "a name cannot hold the invisible character U+%04X"
                                        + " (format and default-ignorable characters make two names look the same)",
                                cp));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * Unicode format characters (Cf) and the Default_Ignorable_Code_Point property of UAX #44
     * (DerivedCoreProperties.txt), listed here because the JDK has no accessor for the latter.
     */
    static boolean isInvisible(int cp) {
        if (Character.getType(cp) == Character.FORMAT) {
            return true;
        }
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x061C
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F)
                || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF
                || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
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
