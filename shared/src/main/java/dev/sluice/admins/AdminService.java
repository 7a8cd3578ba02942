package dev.sluice.admins;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.identity.Identities;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.validation.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Managing administrators, with the rules that keep an installation manageable and delegation
 * honest:
 *
 * <ul>
 *   <li><b>No escalation.</b> An admin creates, edits or deletes only admins whose permissions it
 *       holds itself ({@link Admin#covers}; "*" holds all), before and after the change. Stricter
 *       than SFTPGo on purpose: there, {@code manage_admins} alone can mint a "*" admin.
 *   <li>Nobody edits their own permissions or status, nobody deletes themselves.
 *   <li><b>No lockout.</b> No change may leave the installation without an enabled admin holding
 *       "*" that can log in from any address (an empty {@code allow_list}, or both /0 networks).
 * </ul>
 *
 * A change of an admin's password, permissions or status revokes its live tokens (their stamp no
 * longer matches, see the API's token service); its identity ({@link Admin#id}) never changes.
 */
public final class AdminService {

    /** Why a change was refused although the input was valid. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final AdminStore admins;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AdminService(AdminStore admins, PasswordHasher hasher, Clock clock) {
        this.admins = admins;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Creates an admin on behalf of {@code actor}, who must hold every permission it grants. */
    public WriteResult<Admin> create(Admin input, Admin actor) {
        Admin admin = AdminValidator.validate(input, true);
        Delegation.requireCovers(actor, admin, "create an admin");
        return store(admin);
    }

    private WriteResult<Admin> store(Admin admin) {
        long now = clock.millis();
        Admin stored =
                new Admin(
                        Identities.next(),
                        admin.username(),
                        hasher.toStored(admin.password()),
                        admin.status(),
                        admin.email(),
                        admin.description(),
                        admin.permissions(),
                        admin.filters(),
                        admin.additionalInfo(),
                        now,
                        now,
                        0);
        return admins.create(stored).map(Admin::redacted);
    }

    /** Replaces an admin on behalf of {@code actor}; an empty password keeps the stored one. */
    public WriteResult<Admin> update(String username, Admin input, Admin actor) {
        if (input.username() != null
                && !input.username().isEmpty()
                && !input.username().equals(username)) {
            new Problems()
                    .add(
                            "username",
                            input.username(),
                            "does not match the admin being updated (\""
                                    + username
                                    + "\"); usernames cannot be changed")
                    .throwIfAny();
        }
        Optional<Versioned<Admin>> current = admins.get(username);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(username);
        }
        Admin admin =
                AdminValidator.validate(
                        new Admin(
                                0,
                                username,
                                input.password(),
                                input.status(),
                                input.email(),
                                input.description(),
                                input.permissions(),
                                input.filters(),
                                input.additionalInfo(),
                                0,
                                0,
                                0),
                        false);
        Admin before = current.get().value();
        if (isSelf(actor, before)) {
            if (!admin.permissions().equals(before.permissions())) {
                throw new Refused(
                        "you cannot change your own permissions; ask another admin with manage_admins");
            }
            if (admin.status() != before.status()) {
                throw new Refused(
                        "you cannot disable yourself; ask another admin with manage_admins");
            }
        }
        Delegation.requireCovers(actor, before, "edit an admin");
        Delegation.requireCovers(actor, admin, "give an admin permissions");
        requireNoLockout(username, Optional.of(admin));
        boolean keepsPassword = admin.password() == null || admin.password().isEmpty();
        return admins.update(
                        username,
                        stored ->
                                new Admin(
                                        stored.id(),
                                        username,
                                        keepsPassword
                                                ? stored.password()
                                                : hasher.toStored(admin.password()),
                                        admin.status(),
                                        admin.email(),
                                        admin.description(),
                                        admin.permissions(),
                                        admin.filters(),
                                        admin.additionalInfo(),
                                        stored.createdAt(),
                                        clock.millis(),
                                        stored.lastLogin()))
                .map(Admin::redacted);
    }

    /** Deletes an admin on behalf of {@code actor}. */
    public WriteResult<Admin> delete(String username, Admin actor) {
        Optional<Admin> current = admins.find(username);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(username);
        }
        if (isSelf(actor, current.get())) {
            throw new Refused("you cannot delete yourself; ask another admin with manage_admins");
        }
        Delegation.requireCovers(actor, current.get(), "delete an admin");
        requireNoLockout(username, Optional.empty());
        return admins.delete(username).map(Admin::redacted);
    }

    public Optional<Admin> get(String username) {
        return admins.find(username).map(Admin::redacted);
    }

    public List<Admin> list(PageRequest page) {
        return admins.list(page).stream().map(Admin::redacted).toList();
    }

    /**
     * Creates the first admin (with "*") when there is no admin at all: deployment and the local
     * mode call this with the configured credentials. Returns true when it created one.
     */
    public boolean bootstrap(String username, String password) {
        return bootstrap(username, password, null);
    }

    /**
     * {@link #bootstrap(String, String)} with the first admin's e-mail address (where reports of
     * its retention checks go), or null.
     */
    public boolean bootstrap(String username, String password, String email) {
        if (!admins.list(PageRequest.first(1)).isEmpty()) {
            return false;
        }
        Admin first =
                AdminValidator.validate(
                        new Admin(
                                0,
                                username,
                                password,
                                Admin.STATUS_ENABLED,
                                email,
                                "first admin",
                                List.of(AdminPermission.ALL.json()),
                                AdminFilters.none(),
                                null,
                                0,
                                0,
                                0),
                        true);
        return store(first) instanceof WriteResult.Written<Admin>;
    }

    private static boolean canManageFromAnywhere(Admin admin) {
        return admin.isEnabled()
                && admin.has(AdminPermission.ALL)
                && admin.filters().allowsAnySource();
    }

    private static boolean isSelf(Admin actor, Admin target) {
        return actor.username().equals(target.username());
    }

    /** Refuses a change after which no enabled "*" admin could log in from any address. */
    private void requireNoLockout(String username, Optional<Admin> after) {
        List<Admin> all = new ArrayList<>();
        int offset = 0;
        List<Admin> page;
        do {
            page = admins.list(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
            all.addAll(page);
            offset += page.size();
        } while (page.size() == PageRequest.MAX_LIMIT);
        List<Admin> result =
                new ArrayList<>(all.stream().filter(a -> !a.username().equals(username)).toList());
        after.ifPresent(result::add);
        // An installation already in that state (restored, or older rules) may still be repaired.
        if (all.stream().anyMatch(AdminService::canManageFromAnywhere)
                && result.stream().noneMatch(AdminService::canManageFromAnywhere)) {
            throw new Refused(
                    "this change would leave no enabled admin with \"*\" that can log in from any address"
                            + " (empty allow_list); give another admin \"*\" and no allow_list first");
        }
    }
}
