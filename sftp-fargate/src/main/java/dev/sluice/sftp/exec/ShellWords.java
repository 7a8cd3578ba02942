package dev.sluice.sftp.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits an SSH exec request into words the way a POSIX shell quotes them (rclone's sftp backend
 * escapes paths with backslashes, other clients quote them), and nothing more: no expansion, no
 * operators, no second command. {@code md5sum "a; rm -rf /"} is one command with one word, a file
 * name; an unquoted {@code ;} is just a character of a word.
 */
public final class ShellWords {

    /** Longer requests are refused before parsing (a path is at most 1024 bytes of S3 key). */
    public static final int MAX_LENGTH = 8192;

    private ShellWords() {}

    /** The words of {@code line}; empty when it is too long or a quote is left open. */
    public static Optional<List<String>> split(String line) {
        if (line == null || line.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return Optional.empty();
                }
                char next = line.charAt(i + 1);
                if (next != '\n') { // backslash-newline joins lines
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\\\"$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        if (line.charAt(i + 1) != '\n') {
                            word.append(line.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return Optional.of(words);
    }
}
