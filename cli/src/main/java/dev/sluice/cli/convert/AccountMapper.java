package dev.sluice.cli.convert;

import dev.sluice.fs.FilesystemConfig;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.users.User;
import dev.sluice.users.UserValidator;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The steps every source shares: the {@code --usernames} selection, duplicates, the password hash
 * check, forced ids, the defaults of a converted user and Sluice's own user validation. Collects
 * the outcomes into a {@link Conversion}; one instance per conversion.
 */
final class AccountMapper {

    /**
     * Only {@code filesystem} rules look at the bucket, and converted users keep provider 0 (the
     * installation's bucket, whatever its name), so any valid name does.
     */
    private static final UserValidator VALIDATOR = new UserValidator("convert-users");

    private final ConvertOptions options;
    private final List<ConvertedUser> users = new ArrayList<>();
    private final List<SkippedAccount> skipped = new ArrayList<>();
    private final Map<String, Integer> seen = new HashMap<>();

    AccountMapper(ConvertOptions options) {
        this.options = options;
    }

    /**
     * Whether the account on {@code line} is to be looked at: asked for, and the first of its name
     * (a repeated name is skipped here, with the line of the first).
     */
    boolean wants(String username, int line) {
        if (!options.wants(username)) {
            return false;
        }
        Integer first = seen.putIfAbsent(username, line);
        if (first != null) {
            skipped.add(
                    new SkippedAccount(
                            username,
                            line,
                            "the name is already on line "
                                    + first
                                    + "; only that one is converted"));
            return false;
        }
        return true;
    }

    void skip(String username, int line, String reason) {
        skipped.add(new SkippedAccount(username, line, reason));
    }

    /**
     * Converts one account: its hash must be one Sluice verifies; uid and gid are forced if asked;
     * status 1, all permissions on {@code /}, home in the installation's bucket (provider 0, the
     * old home kept in {@code home_dir} for loaddata's report); then Sluice's user rules.
     *
     * @param user the fields the source has beyond name, hash, ids and home (quotas, filters...)
     */
    void convert(
            int line,
            String username,
            String hash,
            int uid,
            int gid,
            String home,
            User.Builder user,
            List<String> notes) {
        if (hash.isEmpty()) {
            skip(username, line, "has no password (empty field): Sluice needs one to log in");
            return;
        }
        Optional<String> problem = PasswordHasher.problemWith(hash);
        if (problem.isPresent()) {
            skip(
                    username,
                    line,
                    "the password hash "
                            + problem.get()
                            + "; set a new password through the API after loading the dump");
            return;
        }
        User candidate =
                user.username(username)
                        .password(hash)
                        .status(User.STATUS_ENABLED)
                        .uid(options.uid(uid))
                        .gid(options.gid(gid))
                        .homeDir(home)
                        .permissions(Map.of("/", List.of("*")))
                        .filesystem(FilesystemConfig.defaultBucket())
                        .build();
        User valid;
        try {
            valid = VALIDATOR.validate(candidate);
        } catch (ValidationException e) {
            skip(
                    username,
                    line,
                    e.errors().stream()
                            .map(FieldError::describe)
                            .collect(Collectors.joining("; ")));
            return;
        }
        users.add(new ConvertedUser(valid, home, notes));
    }

    /** The outcomes so far, plus each name asked for with {@code --usernames} and not found. */
    Conversion result() {
        List<SkippedAccount> all = new ArrayList<>(skipped);
        options.usernames().stream()
                .filter(name -> !seen.containsKey(name))
                .sorted()
                .forEach(name -> all.add(new SkippedAccount(name, 0, "not in the input")));
        return new Conversion(users, all);
    }
}
