package dev.sluice.retention;

import dev.sluice.mail.EmailAddress;
import dev.sluice.schedule.ScheduleExpression;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import dev.sluice.validation.ValidationException;
import java.util.List;
import java.util.regex.Pattern;

/** The rules for a retention policy; every problem is reported at once, naming its field. */
public final class RetentionPolicyValidator {

    /** EventBridge Scheduler's rule for schedule names, which a policy's name becomes. */
    static final Pattern NAME = Pattern.compile("[0-9A-Za-z_.-]{1,64}");

    /** Users named in one policy; more is a job for {@code all_users} or {@code folder}. */
    public static final int MAX_USERNAMES = 1000;

    private RetentionPolicyValidator() {}

    /**
     * A stored-form policy from {@code input}: the rules cleaned, the schedule and addresses
     * checked.
     *
     * @throws ValidationException naming every field that is wrong
     */
    public static RetentionPolicy validate(RetentionPolicy input) {
        Problems problems = new Problems();
        if (input.name() == null || !NAME.matcher(input.name()).matches()) {
            problems.add(
                    "name",
                    input.name(),
                    "must be 1 to 64 letters, digits, '.', '_' or '-' (it also names the policy's schedule)");
        }
        FieldRules.maxLength(problems, "description", input.description(), 512);
        List<FolderRetention> rules = input.folders();
        try {
            rules = RetentionValidator.validate(input.folders()).folders();
        } catch (ValidationException e) {
            e.errors()
                    .forEach(
                            err ->
                                    problems.add(
                                            "folders" + err.field().replaceFirst("^body", ""),
                                            err.value(),
                                            err.problem()));
        }
        coverage(problems, input.covers());
        if (input.schedule() == null || input.schedule().isBlank()) {
            problems.add(
                    "schedule",
                    input.schedule(),
                    "is required: an EventBridge Scheduler expression such as \"cron(0 3 * * ? *)\" or \"rate(1 day)\"");
        } else {
            try {
                ScheduleExpression.parse(input.schedule(), "schedule");
            } catch (ValidationException e) {
                e.errors().forEach(err -> problems.add(err.field(), err.value(), err.problem()));
            }
        }
        try {
            ScheduleExpression.zone(input.timezone(), "timezone");
        } catch (ValidationException e) {
            e.errors().forEach(err -> problems.add(err.field(), err.value(), err.problem()));
        }
        try {
            EmailAddress.parseAll(input.recipients(), "recipients");
        } catch (ValidationException e) {
            e.errors().forEach(err -> problems.add(err.field(), err.value(), err.problem()));
        }
        problems.throwIfAny();
        return new RetentionPolicy(
                input.name(),
                input.description(),
                rules,
                input.covers(),
                input.schedule().strip(),
                input.timezone(),
                input.recipients(),
                input.enabled(),
                input.createdAt(),
                input.updatedAt());
    }

    private static void coverage(Problems problems, RetentionPolicy.Coverage covers) {
        String hint =
                "give exactly one of {\"usernames\": [...]}, {\"all_users\": true} or {\"folder\": \"<virtual folder>\"}";
        if (covers == null) {
            problems.add("covers", null, "is required: " + hint);
            return;
        }
        int given =
                (covers.usernames() != null ? 1 : 0)
                        + (covers.everyone() ? 1 : 0)
                        + (covers.folder() != null ? 1 : 0);
        if (given != 1) {
            problems.add("covers", given + " choices", hint);
            return;
        }
        if (covers.usernames() != null) {
            if (covers.usernames().isEmpty()) {
                problems.add("covers.usernames", "[]", "name at least one user");
            } else if (covers.usernames().size() > MAX_USERNAMES) {
                problems.add(
                        "covers.usernames",
                        covers.usernames().size() + " names",
                        "at most " + MAX_USERNAMES + " names; use all_users or folder beyond that");
            } else {
                for (int i = 0; i < covers.usernames().size(); i++) {
                    FieldRules.name(
                            problems, "covers.usernames[" + i + "]", covers.usernames().get(i));
                }
            }
        }
        if (covers.folder() != null) {
            FieldRules.name(problems, "covers.folder", covers.folder());
        }
    }
}
