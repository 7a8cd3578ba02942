package dev.sluice.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Parses the seed CLI's {@code "/dir::a,b"} values ({@code --subdirs-permissions}, {@code
 * --allowed-patterns}, {@code --virtual-folders}).
 */
public final class PathValues {

    private PathValues() {}

    /**
     * A path and what follows its {@code ::}.
     *
     * @param path the part before {@code ::}
     * @param values the part after it, split on commas
     */
    public record PathValue(String path, List<String> values) {}

    /**
     * Parses one value.
     *
     * @param option the option, for the message
     * @param text e.g. {@code /dir1::list,download}
     * @throws CliFailure (usage) when there is no {@code ::} or either side is empty
     */
    public static PathValue parse(String option, String text) {
        int separator = text.indexOf("::");
        if (separator <= 0 || separator + 2 >= text.length()) {
            throw CliFailure.usage(
                    option + ": expected /path::value[,value...], got \"" + text + "\"");
        }
        List<String> values =
                Arrays.stream(text.substring(separator + 2).split(","))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList();
        return new PathValue(text.substring(0, separator).strip(), values);
    }

    /** Whether the option was given once with an empty value: the seed CLI's way to clear. */
    public static boolean clears(List<String> given) {
        return given.size() == 1 && given.get(0).isBlank();
    }
}
