package dev.sluice.cli.convert;

import dev.sluice.users.User;
import java.util.List;

/**
 * An account converted into a Sluice user.
 *
 * @param user the user as the dump holds it (password: the source's hash, unchanged)
 * @param originalHome the home directory the account had on the old server; its files belong in the
 *     user's home in the bucket, which {@code loaddata} reports
 * @param notes what of the account did not come over (a ratio, a time window...), for the operator
 */
public record ConvertedUser(User user, String originalHome, List<String> notes) implements Outcome {

    /** Copies {@code notes}. */
    public ConvertedUser {
        notes = List.copyOf(notes);
    }

    @Override
    public String username() {
        return user.username();
    }
}
