package dev.sluice.cli.convert;

import dev.sluice.users.User;
import java.util.List;

/**
 * The result of converting a source: the users to write and the accounts left out, each with its
 * reason, in the order of the source file.
 */
public record Conversion(List<ConvertedUser> users, List<SkippedAccount> skipped) {

    /** Copies both lists. */
    public Conversion {
        users = List.copyOf(users);
        skipped = List.copyOf(skipped);
    }

    /** The converted users alone, as a dump holds them. */
    public List<User> dumpUsers() {
        return users.stream().map(ConvertedUser::user).toList();
    }
}
