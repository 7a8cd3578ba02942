package dev.sluice.schedule;

import dev.sluice.validation.Problems;

/**
 * Where the parsers report what is wrong: every problem names the user's field and carries the
 * whole expression as the offending value.
 */
record Complaints(Problems problems, String field, String expression) {

    void add(String problem) {
        problems.add(field, expression, problem);
    }

    boolean any() {
        return !problems.isEmpty();
    }
}
