package dev.sluice.reports;

import java.util.List;
import java.util.Objects;

/**
 * What a retention check did under one rule's path of one user.
 *
 * @param path the rule's virtual path, e.g. {@code /uploads}
 * @param retentionHours the rule's retention; 0 excludes the path
 * @param filesExamined files looked at under the path
 * @param filesDeleted files deleted for being older than the rule
 * @param bytesFreed the deleted files' total size
 * @param dirsDeleted empty directories removed
 * @param errors what went wrong under this path, one message each
 */
public record PathRetention(
        String path,
        int retentionHours,
        long filesExamined,
        long filesDeleted,
        long bytesFreed,
        long dirsDeleted,
        List<String> errors) {

    /** Refuses negative figures: they would be a bug in the engine, not news for the reader. */
    public PathRetention {
        Objects.requireNonNull(path, "path");
        errors = List.copyOf(errors);
        Figures.nonNegative("retentionHours", retentionHours);
        Figures.nonNegative("filesExamined", filesExamined);
        Figures.nonNegative("filesDeleted", filesDeleted);
        Figures.nonNegative("bytesFreed", bytesFreed);
        Figures.nonNegative("dirsDeleted", dirsDeleted);
    }
}
