package dev.sluice.admins;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.validation.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Managing administrators, with the rules that keep an installation manageable: nobody edits
 * their own permissions or status, nobody deletes themselves, and the last enabled admin holding
 * "*" can be neither disabled, demoted nor deleted.
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

    public WriteResult<Admin> create(Admin input) {
        Admin admin = AdminValidator.validate(input, true);
        long now = clock.millis();
        Admin stored = new Admin(admin.username(), hasher.toStored(admin.password()), admin.status(), admin.email(),
            admin.description(), admin.permissions(), admin.filters(), admin.additionalInfo(), now, now, 0);
        return admins.create(stored).map(Admin::redacted);
    }

    /**
     * Replaces an admin; an empty password keeps the stored one.
     *
     * @param actor the admin making the change
     */
    public WriteResult<Admin> update(String username, Admin input, String actor) {
        if (input.username() != null && !input.username().isEmpty() && !input.username().equals(username)) {
            new Problems().add("username", input.username(),
                "does not match the admin being updated (\"" + username + "\"); usernames cannot be changed").throwIfAny();
        }
        Optional<Versioned<Admin>> current = admins.get(username);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(username);
        }
        Admin admin = AdminValidator.validate(new Admin(username, input.password(), input.status(), input.email(),
            input.description(), input.permissions(), input.filters(), input.additionalInfo(), 0, 0, 0), false);
        Admin before = current.get().value();
        if (username.equals(actor)) {
            if (!admin.permissions().equals(before.permissions())) {
                throw new Refused("you cannot change your own permissions; ask another admin with manage_admins");
            }
            if (admin.status() != before.status()) {
                throw new Refused("you cannot disable yourself; ask another admin with manage_admins");
            }
        }
        boolean losesSuperuser = before.isEnabled() && before.has(AdminPermission.ALL)
            && (!admin.isEnabled() || !admin.permissions().contains(AdminPermission.ALL.json()));
        if (losesSuperuser && isLastSuperuser(username)) {
            throw new Refused("\"" + username + "\" is the last enabled admin with \"*\"; give another admin \"*\" first");
        }
        boolean keepsPassword = admin.password() == null || admin.password().isEmpty();
        return admins.update(username, stored -> new Admin(username,
            keepsPassword ? stored.password() : hasher.toStored(admin.password()),
            admin.status(), admin.email(), admin.description(), admin.permissions(), admin.filters(),
            admin.additionalInfo(), stored.createdAt(), clock.millis(), stored.lastLogin())).map(Admin::redacted);
    }

    public WriteResult<Admin> delete(String username, String actor) {
        if (username.equals(actor)) {
            throw new Refused("you cannot delete yourself; ask another admin with manage_admins");
        }
        Optional<Admin> current = admins.find(username);
        if (current.isPresent() && current.get().isEnabled() && current.get().has(AdminPermission.ALL)
            && isLastSuperuser(username)) {
            throw new Refused("\"" + username + "\" is the last enabled admin with \"*\"; give another admin \"*\" first");
        }
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
        if (!admins.list(PageRequest.first(1)).isEmpty()) {
            return false;
        }
        var result = create(new Admin(username, password, Admin.STATUS_ENABLED, null, "first admin",
            List.of(AdminPermission.ALL.json()), AdminFilters.none(), null, 0, 0, 0));
        return result instanceof WriteResult.Written<Admin>;
    }

    private boolean isLastSuperuser(String username) {
        List<Admin> all = new ArrayList<>();
        int offset = 0;
        List<Admin> page;
        do {
            page = admins.list(new PageRequest(offset, PageRequest.MAX_LIMIT, dev.sluice.dynamo.SortOrder.ASC));
            all.addAll(page);
            offset += page.size();
        } while (page.size() == PageRequest.MAX_LIMIT);
        return all.stream().noneMatch(a -> !a.username().equals(username) && a.isEnabled() && a.has(AdminPermission.ALL));
    }


}
