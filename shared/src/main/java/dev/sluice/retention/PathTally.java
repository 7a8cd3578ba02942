package dev.sluice.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * What a check did under one rule.
 *
 * @param path the rule's path
 * @param retention the rule's hours
 * @param examined files looked at
 * @param deleted files deleted
 * @param bytes bytes freed
 * @param dirs empty directories removed
 * @param denied files old enough but kept because the user may not delete them
 * @param errors how many deletions failed
 * @param messages the first failures, for the report
 */
public record PathTally(
        String path,
        int retention,
        long examined,
        long deleted,
        long bytes,
        long dirs,
        long denied,
        long errors,
        List<String> messages) {

    /** Failure messages kept per rule; the count goes on (the tallies live in a DynamoDB item). */
    static final int MAX_MESSAGES = 5;

    /** Characters kept of one failure message. */
    static final int MAX_MESSAGE = 300;

    public PathTally {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    static PathTally empty(FolderRetention rule) {
        return new PathTally(rule.path(), rule.retention(), 0, 0, 0, 0, 0, 0, List.of());
    }

    PathTally plus(PathTally o) {
        List<String> m = new ArrayList<>(messages);
        for (String s : o.messages) {
            if (m.size() < MAX_MESSAGES) {
                m.add(s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s);
            }
        }
        return new PathTally(
                path,
                retention,
                examined + o.examined,
                deleted + o.deleted,
                bytes + o.bytes,
                dirs + o.dirs,
                denied + o.denied,
                errors + o.errors,
                m);
    }
}
