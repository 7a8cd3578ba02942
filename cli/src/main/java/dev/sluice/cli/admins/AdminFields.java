package dev.sluice.cli.admins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The admin fields as options; each given option sets its field. */
public final class AdminFields {

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "The admin's password, from FILE's first line.")
    Path passwordFile;

    @Option(
            names = "--password",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "PASSWORD",
            description = "The admin's password; without a value, asked for (no echo).")
    String password;

    @Option(
            names = "--permissions",
            arity = "1..*",
            split = ",",
            paramLabel = "PERM",
            description = "add_users, edit_users, del_users, view_users, manage_admins, ..., *.")
    List<String> permissions;

    @Option(names = "--email", description = "The admin's e-mail address (retention reports).")
    String email;

    @Option(names = "--description", description = "Free text.")
    String description;

    @Option(names = "--status", description = "1 enabled, 0 disabled.")
    Integer status;

    @Option(
            names = "--allow-list",
            arity = "1..*",
            split = ",",
            paramLabel = "CIDR",
            description = "Source networks the admin may log in from; \"\" clears.")
    List<String> allowList;

    @Option(
            names = "--allow-api-key-auth",
            arity = "1",
            paramLabel = "true|false",
            description = "Whether API keys may impersonate this admin.")
    Boolean allowApiKeyAuth;

    /** Creates the options (picocli fills them). */
    public AdminFields() {}

    /** Sets the given fields on an admin document. */
    public void applyTo(ObjectNode admin, Session session) {
        String secret = password(session);
        if (secret != null) {
            admin.put("password", secret);
        }
        if (permissions != null) {
            admin.set("permissions", strings(admin, permissions));
        }
        if (email != null) {
            admin.put("email", email);
        }
        if (description != null) {
            admin.put("description", description);
        }
        if (status != null) {
            admin.put("status", status);
        }
        if (allowList != null || allowApiKeyAuth != null) {
            ObjectNode filters =
                    admin.get("filters") instanceof ObjectNode f ? f : admin.putObject("filters");
            if (allowList != null) {
                filters.set("allow_list", strings(admin, allowList));
            }
            if (allowApiKeyAuth != null) {
                filters.put("allow_api_key_auth", allowApiKeyAuth);
            }
        }
    }

    private String password(Session session) {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
            } catch (IOException e) {
                throw CliFailure.usage("--password-file: cannot read " + passwordFile + ": " + e);
            }
        }
        if (password == null) {
            return null;
        }
        if (!password.isEmpty()) {
            session.errors()
                    .warning(
                            "--password with a value is visible to other users of this machine;"
                                    + " prefer --password-file or the prompt");
            return password;
        }
        return session.env()
                .prompt()
                .ask("Password for the admin: ")
                .orElseThrow(
                        () ->
                                CliFailure.usage(
                                        "--password: no terminal to ask on; use --password-file"));
    }

    private static ArrayNode strings(ObjectNode factory, List<String> values) {
        ArrayNode array = factory.arrayNode();
        values.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(array::add);
        return array;
    }
}
