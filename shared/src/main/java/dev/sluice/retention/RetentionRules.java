package dev.sluice.retention;

import dev.sluice.paths.VirtualPath;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A user's retention rules, most specific path first: the rule for a file is the one whose path is
 * the longest ancestor of the file's directory.
 */
public record RetentionRules(List<FolderRetention> folders) {

    public RetentionRules {
        folders =
                folders.stream()
                        .sorted(
                                Comparator.comparingInt((FolderRetention f) -> f.path().length())
                                        .reversed())
                        .toList();
    }

    /** The rule that governs {@code directory} (a clean virtual path), if any. */
    public Optional<FolderRetention> ruleFor(String directory) {
        return folders.stream().filter(f -> VirtualPath.isWithin(directory, f.path())).findFirst();
    }
}
