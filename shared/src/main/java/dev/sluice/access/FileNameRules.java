package dev.sluice.access;

import dev.sluice.paths.VirtualPath;
import dev.sluice.users.FilePattern;
import dev.sluice.users.PatternsFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's {@code filters.file_patterns}, evaluated as SFTPGo does: the filter of the most specific
 * directory at or above the file's directory applies; a name matching a denied pattern is refused;
 * when allowed patterns exist, a name must match one of them. Directories are never filtered by
 * name (SFTPGo filters files only), so a hidden rule never makes a tree unreachable.
 */
public final class FileNameRules {

    private record Compiled(List<FilePattern> allowed, List<FilePattern> denied) {}

    private final Map<String, Compiled> byDirectory;

    private FileNameRules(Map<String, Compiled> byDirectory) {
        this.byDirectory = byDirectory;
    }

    public static FileNameRules of(List<PatternsFilter> filters) {
        Map<String, Compiled> out = new java.util.HashMap<>();
        for (PatternsFilter filter : filters) {
            VirtualPath.clean(filter.path())
                    .ifPresent(
                            dir ->
                                    out.put(
                                            dir,
                                            new Compiled(
                                                    filter.allowedPatterns().stream()
                                                            .map(FilePattern::compile)
                                                            .flatMap(Optional::stream)
                                                            .toList(),
                                                    filter.deniedPatterns().stream()
                                                            .map(FilePattern::compile)
                                                            .flatMap(Optional::stream)
                                                            .toList())));
        }
        return new FileNameRules(Map.copyOf(out));
    }

    /** Whether a file at {@code filePath} (clean, absolute) may be seen, read or written. */
    public boolean allowsFile(String filePath) {
        String name = VirtualPath.name(filePath);
        String dir = VirtualPath.parent(filePath);
        while (true) {
            Compiled rule = byDirectory.get(dir);
            if (rule != null) {
                if (rule.denied().stream().anyMatch(p -> p.matches(name))) {
                    return false;
                }
                return rule.allowed().isEmpty()
                        || rule.allowed().stream().anyMatch(p -> p.matches(name));
            }
            if (dir.equals("/")) {
                return true;
            }
            dir = VirtualPath.parent(dir);
        }
    }
}
