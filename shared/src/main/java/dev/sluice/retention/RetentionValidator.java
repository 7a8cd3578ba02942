package dev.sluice.retention;

import dev.sluice.paths.VirtualPath;
import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules for a retention check body: a non-empty list of rules, one per clean path. */
public final class RetentionValidator {

    /** Ten years, in hours: beyond this a rule is more likely a unit mistake than a policy. */
    public static final int MAX_RETENTION_HOURS = 87_600;

    private RetentionValidator() {}

    public static RetentionRules validate(List<FolderRetention> rules) {
        Problems problems = new Problems();
        if (rules.isEmpty()) {
            problems.add("body", "[]", "give at least one {\"path\", \"retention\"} rule");
        }
        List<FolderRetention> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            FolderRetention rule = rules.get(i);
            Problems at = problems.at("[" + i + "]");
            var clean = VirtualPath.clean(rule.path());
            if (clean.isEmpty()) {
                at.add(
                        "path",
                        rule.path(),
                        "must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\"");
            } else if (!seen.add(clean.get())) {
                at.add("path", rule.path(), "has more than one rule");
            }
            if (rule.retention() < 0 || rule.retention() > MAX_RETENTION_HOURS) {
                at.add(
                        "retention",
                        rule.retention(),
                        "must be between 0 (exclude this path) and "
                                + MAX_RETENTION_HOURS
                                + " (hours)");
            }
            out.add(
                    new FolderRetention(
                            clean.orElse(rule.path()),
                            rule.retention(),
                            rule.deleteEmptyDirs(),
                            rule.ignoreUserPermissions()));
        }
        problems.throwIfAny();
        return new RetentionRules(out);
    }
}
