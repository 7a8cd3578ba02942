package dev.sluice.users;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A case-insensitive shell pattern matched against a file's base name, with the syntax SFTPGo uses
 * (Go's {@code path.Match}): {@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [^a-z]} and
 * backslash escapes. Patterns cannot contain "/".
 */
public final class FilePattern {

    private final String source;
    private final Pattern regex;

    private FilePattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /** Compiles {@code glob}; empty when it is malformed (unclosed "[", trailing "\", a "/"). */
    public static Optional<FilePattern> compile(String glob) {
        if (glob == null || glob.isEmpty() || glob.indexOf('/') >= 0) {
            return Optional.empty();
        }
        String lower = glob.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lower.length()) {
            char c = lower.charAt(i);
            switch (c) {
                case '*' -> out.append("[^/]*");
                case '?' -> out.append("[^/]");
                case '\\' -> {
                    if (i + 1 >= lower.length()) {
                        return Optional.empty();
                    }
                    out.append(Pattern.quote(String.valueOf(lower.charAt(++i))));
                }
                case '[' -> {
                    int end = classEnd(lower, i);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    String body = lower.substring(i + 1, end);
                    boolean negated = body.startsWith("^");
                    if (negated) {
                        body = body.substring(1);
                    }
                    if (body.isEmpty()) {
                        return Optional.empty();
                    }
                    StringBuilder cls = new StringBuilder(negated ? "[^/" : "[");
                    for (int j = 0; j < body.length(); j++) {
                        char b = body.charAt(j);
                        if (b == '\\' && j + 1 < body.length()) {
                            b = body.charAt(++j);
                        }
                        if (b == '-' && j > 0 && j < body.length() - 1) {
                            cls.append('-');
                        } else {
                            cls.append(Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                        }
                    }
                    out.append(cls).append(']');
                    i = end;
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        try {
            return Optional.of(new FilePattern(glob, Pattern.compile(out.toString())));
        } catch (java.util.regex.PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    private static int classEnd(String s, int open) {
        for (int j = open + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == ']' && j > open + 1) {
                return j;
            }
        }
        return -1;
    }

    /** True when the base name {@code name} matches, ignoring case. */
    public boolean matches(String name) {
        return regex.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public String toString() {
        return source;
    }
}
