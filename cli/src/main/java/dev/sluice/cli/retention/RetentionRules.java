package dev.sluice.cli.retention;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.PathValues;
import java.util.List;
import picocli.CommandLine.Option;

/** Retention rules as options: {@code --rule /logs::24} plus flags applied to every rule. */
public final class RetentionRules {

    @Option(
            names = "--rule",
            arity = "1..*",
            paramLabel = "/PATH::HOURS",
            description = "Delete files under PATH older than HOURS (0 keeps PATH); repeatable.")
    List<String> rules;

    @Option(names = "--delete-empty-dirs", description = "Also delete directories left empty.")
    boolean deleteEmptyDirs;

    @Option(
            names = "--ignore-user-permissions",
            description = "Delete even what the user could not delete over SFTP.")
    boolean ignoreUserPermissions;

    /** Creates the options (picocli fills them). */
    public RetentionRules() {}

    /** Whether any rule was given. */
    public boolean given() {
        return rules != null && !rules.isEmpty();
    }

    /** The rules as the API's {@code FolderRetention} array. */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String text : rules) {
            PathValues.PathValue value = PathValues.parse("--rule", text);
            int hours;
            try {
                hours = value.values().size() == 1 ? Integer.parseInt(value.values().get(0)) : -1;
            } catch (NumberFormatException e) {
                hours = -1;
            }
            if (hours < 0) {
                throw CliFailure.usage(
                        "--rule: expected /path::hours (0-87600), got \"" + text + "\"");
            }
            array.addObject()
                    .put("path", value.path())
                    .put("retention", hours)
                    .put("delete_empty_dirs", deleteEmptyDirs)
                    .put("ignore_user_permissions", ignoreUserPermissions);
        }
        return array;
    }
}
