package dev.sluice.admins;

import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rules for an {@link Admin}; returns the normalised admin or throws listing every problem. */
public final class AdminValidator {

    /**
     * @param requirePassword true on create; on update an absent password keeps the stored one
     */
    public static Admin validate(Admin admin, boolean requirePassword) {
        Problems problems = new Problems();
        FieldRules.name(problems, "username", admin.username());
        FieldRules.status(problems, "status", admin.status());
        FieldRules.email(problems, "email", admin.email());
        FieldRules.maxLength(problems, "description", admin.description(), 4096);
        FieldRules.maxLength(problems, "additional_info", admin.additionalInfo(), 4096);
        if ((admin.password() == null || admin.password().isEmpty()) && requirePassword) {
            problems.add("password", null, "is required");
        }
        FieldRules.password(problems, "password", admin.password());
        Set<String> permissions = new LinkedHashSet<>();
        if (admin.permissions().isEmpty()) {
            problems.add(
                    "permissions",
                    null,
                    "must list at least one permission; allowed: " + AdminPermission.names());
        }
        for (int i = 0; i < admin.permissions().size(); i++) {
            String name = admin.permissions().get(i);
            if (AdminPermission.parse(name).isPresent()
                    || AdminPermission.ACCEPTED_UNSUPPORTED.contains(name)) {
                permissions.add(name);
            } else {
                problems.add(
                        "permissions[" + i + "]",
                        name,
                        "unknown permission; allowed: " + AdminPermission.names());
            }
        }
        List<String> allowList =
                FieldRules.cidrs(problems.at("filters"), "allow_list", admin.filters().allowList());
        problems.throwIfAny();
        List<String> canonical =
                permissions.contains("*") ? List.of("*") : List.copyOf(permissions);
        return new Admin(
                admin.id(),
                admin.username(),
                admin.password(),
                admin.status(),
                admin.email(),
                admin.description(),
                canonical,
                new AdminFilters(allowList, admin.filters().allowApiKeyAuth()),
                admin.additionalInfo(),
                admin.createdAt(),
                admin.updatedAt(),
                admin.lastLogin());
    }
}
