package dev.sluice.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.json.Json;
import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dump (SFTPGo's {@code BackupData}, any version from 2.4's on, or Sluice's) into the
 * objects a restore applies, in the order it must apply them: folders before the users that mount
 * them, users and admins before the API keys bound to them.
 */
public final class DumpReader {

    /** The oldest SFTPGo dump version read: that of SFTPGo 2.4. */
    public static final int OLDEST_VERSION = 13;

    /** The sections restored, in order, with the type name of their objects. */
    static final Map<String, String> RESTORED =
            java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(
                            Map.of(
                                    "folders", "folder",
                                    "users", "user",
                                    "admins", "admin",
                                    "api_keys", "api_key",
                                    "retention_policies", "retention_policy")));

    private static final List<String> ORDER =
            List.of("folders", "users", "admins", "api_keys", "retention_policies");

    /** SFTPGo sections for features Sluice does not have: reported, not restored. */
    private static final Map<String, String> UNSUPPORTED =
            Map.of(
                    "groups",
                            "groups are not supported: settings users inherit from them are not applied",
                    "shares", "shares are not supported (Sluice has no HTTP file sharing)",
                    "event_actions", "the event manager is not supported",
                    "event_rules", "the event manager is not supported",
                    "roles", "roles are not supported",
                    "ip_lists", "IP lists are not supported",
                    "configs", "SFTPGo's global settings (configs) do not apply to Sluice");

    private static final Set<String> KNOWN = Set.of("version");

    /** One object of the dump, with its position (the restore's cursor counts these). */
    public record Entry(String type, JsonNode node) {

        /** Its name (or id) for reports, or {@code #index} when it has none. */
        public String name(int index) {
            JsonNode name = node.path(type.equals("api_key") ? "id" : nameField());
            return name.isTextual() && !name.asText().isEmpty() ? name.asText() : "#" + index;
        }

        private String nameField() {
            return type.equals("folder") || type.equals("retention_policy") ? "name" : "username";
        }
    }

    /**
     * The dump's objects and what it holds that is not restored.
     *
     * @param version the dump's {@code version} (0 when absent)
     */
    public record Dump(int version, List<Entry> entries, List<RestoreReport.Note> notes) {}

    private DumpReader() {}

    /**
     * Reads {@code bytes}.
     *
     * @throws dev.sluice.validation.ValidationException when it is not a JSON object or a section
     *     is not a list
     */
    public static Dump read(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            new Problems()
                    .add(
                            "body",
                            null,
                            "is not JSON: "
                                    + e.getOriginalMessage()
                                    + " (line "
                                    + e.getLocation().getLineNr()
                                    + ")")
                    .throwIfAny();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            problems.add("body", null, "must be a JSON object (SFTPGo's BackupData)").throwIfAny();
        }
        JsonNode version = root.path("version");
        if (!version.isMissingNode() && !version.isNull() && !version.canConvertToInt()) {
            problems.add("version", version.toString(), "must be an integer");
        }
        List<Entry> entries = new ArrayList<>();
        for (String section : ORDER) {
            JsonNode list = root.path(section);
            if (list.isMissingNode() || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                problems.add(section, list.getNodeType().toString(), "must be a list");
                continue;
            }
            for (JsonNode item : list) {
                entries.add(new Entry(RESTORED.get(section), item));
            }
        }
        problems.throwIfAny();
        List<RestoreReport.Note> notes = new ArrayList<>();
        int v = version.asInt(0);
        if (v > BackupDump.VERSION) {
            notes.add(
                    new RestoreReport.Note(
                            "dump",
                            null,
                            "version",
                            "mapped",
                            "version "
                                    + v
                                    + " is newer than the newest Sluice knows ("
                                    + BackupDump.VERSION
                                    + ", SFTPGo 2.7): read as that version"));
        } else if (v > 0 && v < OLDEST_VERSION) {
            notes.add(
                    new RestoreReport.Note(
                            "dump",
                            null,
                            "version",
                            "mapped",
                            "version "
                                    + v
                                    + " is older than SFTPGo 2.4's ("
                                    + OLDEST_VERSION
                                    + "); objects are read as 2.4's and any Sluice does not"
                                    + " understand are skipped with their reason"));
        }
        root.fieldNames()
                .forEachRemaining(
                        field -> {
                            JsonNode value = root.get(field);
                            if (RESTORED.containsKey(field) || KNOWN.contains(field)) {
                                return;
                            }
                            String reason = UNSUPPORTED.get(field);
                            boolean empty =
                                    value.isNull() || (value.isContainerNode() && value.isEmpty());
                            if (reason != null && !empty) {
                                notes.add(
                                        new RestoreReport.Note(
                                                field,
                                                null,
                                                null,
                                                "skipped",
                                                (value.isArray() ? value.size() + " " : "")
                                                        + field
                                                        + " not restored: "
                                                        + reason));
                            } else if (reason == null) {
                                notes.add(
                                        new RestoreReport.Note(
                                                "dump",
                                                null,
                                                field,
                                                "ignored",
                                                "not a section Sluice or SFTPGo 2.7 defines"));
                            }
                        });
        return new Dump(v, List.copyOf(entries), List.copyOf(notes));
    }
}
