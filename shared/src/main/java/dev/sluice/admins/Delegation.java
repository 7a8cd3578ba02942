package dev.sluice.admins;

import java.util.List;

/**
 * Delegation without escalation, the one rule every admin-managing path asks: an admin may create,
 * edit, delete, or bind an API key to, only an admin whose permissions it holds itself ("*" holds
 * all, and only "*" covers "*"). SFTPGo lets {@code manage_admins} alone mint a "*" admin and
 * {@code manage_apikeys} alone bind a key to one; Sluice does not.
 */
public final class Delegation {

    private Delegation() {}

    /**
     * Refuses ({@link AdminService.Refused}) unless {@code actor} holds every permission of {@code
     * target}.
     */
    public static void requireCovers(Admin actor, Admin target, String action) {
        requireCovers(actor, target.permissions(), action);
    }

    public static void requireCovers(Admin actor, List<String> permissions, String action) {
        List<String> missing = AdminPermission.missing(actor.permissions(), permissions);
        if (!missing.isEmpty()) {
            throw new AdminService.Refused(
                    "you cannot "
                            + action
                            + " with permissions you do not hold: "
                            + missing
                            + "; an admin manages only admins whose permissions are a subset of its own");
        }
    }
}
