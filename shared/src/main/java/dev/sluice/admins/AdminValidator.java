package dev.sluice.admins;

import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The rules for an {@link Admin}; returns the normalised admin or throws listing every problem. */
public final class AdminValidator {

    private final Predicate<String> isImportableHash;

    public AdminValidator(Predicate<String> isImportableHash) {
        this.isImportableHash = isImportableHash;
    }

    /**
     * @param requirePassword true on create; on update an absent password keeps the stored one
     */
    public Admin validate(Admin admin, boolean requirePassword) {
        Problems problems = new Problems();
        FieldRules.name(problems, "username", admin.username());
        FieldRules.status(problems, "status", admin.status());
        FieldRules.email(problems, "email", admin.email());
        FieldRules.maxLength(problems, "description", admin.description(), 4096);
        FieldRules.maxLength(problems, "additional_info", admin.additionalInfo(), 4096);
        String password = admin.password();
        if (password == null || password.isEmpty()) {
            if (requirePassword) {
                problems.add("password", null, "is required");
            }
        } else if (!isImportableHash.test(password)) {
            if (password.length() < dev.sluice.users.UserValidator.PASSWORD_MIN_LENGTH) {
                problems.add("password", null, "must be at least " + dev.sluice.users.UserValidator.PASSWORD_MIN_LENGTH + " characters");
            } else if (password.length() > dev.sluice.users.UserValidator.PASSWORD_MAX_LENGTH) {
                problems.add("password", null, "must be at most " + dev.sluice.users.UserValidator.PASSWORD_MAX_LENGTH + " characters");
            }
        }
        Set<String> permissions = new LinkedHashSet<>();
        if (admin.permissions().isEmpty()) {
            problems.add("permissions", null, "must list at least one permission; allowed: " + AdminPermission.names());
        }
        for (int i = 0; i < admin.permissions().size(); i++) {
            String name = admin.permissions().get(i);
            if (AdminPermission.parse(name).isPresent() || AdminPermission.ACCEPTED_UNSUPPORTED.contains(name)) {
                permissions.add(name);
            } else {
                problems.add("permissions[" + i + "]", name, "unknown permission; allowed: " + AdminPermission.names());
            }
        }
        FieldRules.cidrs(problems.at("filters"), "allow_list", admin.filters().allowList());
        problems.throwIfAny();
        List<String> canonical = permissions.contains("*") ? List.of("*") : List.copyOf(permissions);
        return new Admin(admin.username(), admin.password(), admin.status(), admin.email(), admin.description(),
            canonical, admin.filters(), admin.additionalInfo(), admin.createdAt(), admin.updatedAt(), admin.lastLogin());
    }
}
