package dev.sluice.cli.convert;

import java.util.OptionalInt;
import java.util.Set;

/**
 * What to convert and how, as {@code convert-users}' options say.
 *
 * @param minUid Unix accounts with a lower uid are system accounts and skipped ({@code unix-passwd}
 *     only)
 * @param maxUid Unix accounts with a higher uid are skipped, when given ({@code unix-passwd} only)
 * @param usernames only these accounts are converted, when not empty; the others are not reported
 * @param forceUid the uid every converted user gets, instead of the source's
 * @param forceGid the gid every converted user gets, instead of the source's
 */
public record ConvertOptions(
        int minUid,
        OptionalInt maxUid,
        Set<String> usernames,
        OptionalInt forceUid,
        OptionalInt forceGid) {

    /** The default minimum uid of regular accounts on Debian, Ubuntu and Red Hat. */
    public static final int DEFAULT_MIN_UID = 1000;

    /** Copies {@code usernames}. */
    public ConvertOptions {
        usernames = usernames == null ? Set.of() : Set.copyOf(usernames);
    }

    /** Every account of uid 1000 and up, uids and gids as they are. */
    public static ConvertOptions defaults() {
        return new ConvertOptions(
                DEFAULT_MIN_UID,
                OptionalInt.empty(),
                Set.of(),
                OptionalInt.empty(),
                OptionalInt.empty());
    }

    /** Whether {@code username} is among those asked for. */
    public boolean wants(String username) {
        return usernames.isEmpty() || usernames.contains(username);
    }

    /** The uid a converted user gets. */
    int uid(int sourceUid) {
        return forceUid.orElse(sourceUid);
    }

    /** The gid a converted user gets. */
    int gid(int sourceGid) {
        return forceGid.orElse(sourceGid);
    }
}
