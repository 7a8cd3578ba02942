package dev.sluice.retention;

import dev.sluice.paths.VirtualPath;
import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules for a retention check body: a non-empty list of rules, one per clean path. */
public final class RetentionValidator {

    /** S3 keys are at most 1,024 bytes: a longer path can hold no file. */
    public static final int MAX_PATH = 1024;

    /**
     * Rules in one check; SFTPGo's own checks carry a handful, and a run keeps its rules and a
     * tally per rule in one DynamoDB item.
     */
    public static final int MAX_RULES = 100;

    /** Ten years, in hours: beyond this a rule is more likely a unit mistake than a policy. */
    public static final int MAX_RETENTION_HOURS = 87_600;

    private RetentionValidator() {}

    public static RetentionRules validate(List<FolderRetention> rules) {
        Problems problems = new Problems();
        if (rules.isEmpty()) {
            problems.add("body", "[]", "give at least one {\"path\", \"retention\"} rule");
        }
        if (rules.size() > MAX_RULES) {
            problems.add("body", rules.size() + " rules", "at most " + MAX_RULES + " rules");
            problems.throwIfAny();
        }
        List<FolderRetention> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            FolderRetention rule = rules.get(i);
            Problems at = problems.at("[" + i + "]");
            if (rule == null) {
                problems.add("[" + i + "]", null, "must be a {\"path\", \"retention\"} object");
                continue;
            }
            var clean =
                    rule.path() != null && rule.path().length() <= MAX_PATH
                            ? VirtualPath.clean(rule.path())
                            : java.util.Optional.<String>empty();
            if (rule.path() != null && rule.path().length() > MAX_PATH) {
                at.add(
                        "path",
                        rule.path().substring(0, 32) + "...",
                        "must be at most " + MAX_PATH + " characters");
            } else if (clean.isEmpty()) {
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
