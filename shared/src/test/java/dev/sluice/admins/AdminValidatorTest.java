package dev.sluice.admins;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminValidatorTest {

    private static final String ARGON =
            "$argon2id$v=19$m=65536,t=3,p=1$ZjhkZThmZjRiOTI1YmExZA$bpiZaGw15Qb1nre5HnHatyntVBVYQywpM4Sg46o8rDg";

    private static Admin admin(
            String username,
            String password,
            int status,
            List<String> permissions,
            List<String> allow) {
        return new Admin(
                0,
                username,
                password,
                status,
                "ops@example.com",
                null,
                permissions,
                new AdminFilters(allow, false),
                null,
                0,
                0,
                0);
    }

    @Test
    void validAdminIsNormalised() {
        Admin admin =
                AdminValidator.validate(
                        admin(
                                "ops",
                                "long enough",
                                1,
                                List.of("add_users", "*", "view_events"),
                                List.of("10.0.0.0/8")),
                        true);
        assertThat(admin.permissions()).containsExactly("*");
        assertThat(
                        AdminValidator.validate(
                                        admin(
                                                "ops",
                                                "long enough",
                                                1,
                                                List.of("view_users", "view_users", "view_events"),
                                                List.of()),
                                        true)
                                .permissions())
                .containsExactly("view_users", "view_events");
    }

    @Test
    void eachRuleHasItsMessage() {
        assertThat(
                        errorsOf(
                                () ->
                                        AdminValidator.validate(
                                                admin(
                                                        "",
                                                        null,
                                                        3,
                                                        List.of("fly"),
                                                        List.of("1.2.3.4/40")),
                                                true)))
                .containsExactly(
                        "username: is required",
                        "status: must be 0 (disabled) or 1 (enabled) (got \"3\")",
                        "password: is required",
                        "permissions[0]: unknown permission; allowed: "
                                + AdminPermission.names()
                                + " (got \"fly\")",
                        "filters.allow_list[0]: must be an IP network in CIDR notation, such as 192.0.2.0/24 or 2001:db8::/32 (no leading zeros) (got \"1.2.3.4/40\")");
        assertThat(
                        errorsOf(
                                () ->
                                        AdminValidator.validate(
                                                admin("ops", "short", 1, List.of(), List.of()),
                                                true)))
                .containsExactly(
                        "password: must be at least 8 characters",
                        "permissions: must list at least one permission; allowed: "
                                + AdminPermission.names());
    }

    @Test
    void bothGenerationsOfSftpgoPermissionsAreAccepted() {
        List<String> sftpgo24 =
                List.of(
                        "add_users",
                        "edit_users",
                        "del_users",
                        "view_users",
                        "view_conns",
                        "close_conns",
                        "view_status",
                        "manage_admins",
                        "manage_groups",
                        "manage_apikeys",
                        "quota_scans",
                        "manage_system",
                        "manage_defender",
                        "view_defender",
                        "retention_checks",
                        "metadata_checks",
                        "view_events",
                        "manage_event_rules",
                        "manage_roles",
                        "manage_ip_lists");
        List<String> sftpgo27 =
                List.of(
                        "add_users",
                        "edit_users",
                        "del_users",
                        "view_users",
                        "manage_folders",
                        "manage_groups",
                        "view_conns",
                        "close_conns",
                        "view_status",
                        "quota_scans",
                        "manage_defender",
                        "view_defender",
                        "view_events",
                        "disable_mfa");
        for (List<String> permissions : List.of(sftpgo24, sftpgo27)) {
            assertThat(
                            AdminValidator.validate(
                                            admin("ops", ARGON, 1, permissions, List.of()), true)
                                    .permissions())
                    .containsExactlyElementsOf(permissions);
        }
        Admin folders = admin("f", null, 1, List.of("manage_folders"), List.of());
        assertThat(folders.has(AdminPermission.MANAGE_FOLDERS)).isTrue();
        assertThat(folders.has(AdminPermission.VIEW_USERS)).isFalse();
        assertThat(AdminPermission.parse("disable_mfa")).as("accepted, grants nothing").isEmpty();
    }

    @Test
    void passwordIsOptionalOnUpdateAndHashesAreAccepted() {
        assertThat(
                        AdminValidator.validate(
                                        admin("ops", null, 1, List.of("*"), List.of()), false)
                                .password())
                .isNull();
        assertThat(
                        AdminValidator.validate(
                                        admin("ops", ARGON, 1, List.of("*"), List.of()), true)
                                .password())
                .isEqualTo(ARGON);
    }

    @Test
    void hasHonoursTheWildcard() {
        assertThat(admin("a", null, 1, List.of("*"), List.of()).has(AdminPermission.MANAGE_ADMINS))
                .isTrue();
        assertThat(
                        admin("a", null, 1, List.of("view_users"), List.of())
                                .has(AdminPermission.MANAGE_ADMINS))
                .isFalse();
        assertThat(
                        admin("a", null, 1, List.of("view_users"), List.of())
                                .has(AdminPermission.VIEW_USERS))
                .isTrue();
    }
}
