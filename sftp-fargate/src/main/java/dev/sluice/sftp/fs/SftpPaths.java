package dev.sluice.sftp.fs;

import dev.sluice.paths.VirtualPath;
import java.nio.file.InvalidPathException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns the path a client sends into a clean virtual path. The session's root is "/", like a
 * chroot: relative paths start there, and ".." is resolved by name and stops at "/" (so "cd .."
 * works and "/../../etc" is "/etc" of the user's own tree). The result then goes through {@link
 * VirtualPath#clean}, the project's one normaliser, which refuses control characters, backslashes
 * and spellings that change under Unicode NFKC (a fullwidth "．．" never becomes ".."). Nothing is
 * URL-decoded: "%2e%2e" is a file name.
 */
public final class SftpPaths {

    private SftpPaths() {}

    public static String resolve(String remote) {
        if (remote == null) {
            throw new InvalidPathException("null", "no path");
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : remote.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        String joined = "/" + String.join("/", segments);
        return VirtualPath.clean(joined)
                .filter(joined::equals)
                .orElseThrow(
                        () ->
                                new InvalidPathException(
                                        remote,
                                        "not an acceptable path (control characters, backslashes or"
                                                + " Unicode compatibility forms)"));
    }
}
