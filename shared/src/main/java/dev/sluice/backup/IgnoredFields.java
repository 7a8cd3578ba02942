package dev.sluice.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a dump's object that carried a value and did not survive into the object Sluice
 * stores: SFTPGo fields Sluice accepts but has no feature for (two-factor settings, time-of-day
 * access, group mappings...). A restore lists them, so an operator learns which restrictions or
 * settings did not come along instead of finding out later.
 */
final class IgnoredFields {

    /** Fields that are the server's, not the object's: never worth a note. */
    private static final Set<String> SERVER_OWNED =
            Set.of(
                    "id",
                    "created_at",
                    "updated_at",
                    "last_login",
                    "last_use_at",
                    "used_quota_size",
                    "used_quota_files",
                    "last_quota_update",
                    "has_password",
                    "users",
                    "first_download",
                    "first_upload",
                    "last_password_change",
                    "used_upload_data_transfer",
                    "used_download_data_transfer");

    private IgnoredFields() {}

    /**
     * Paths (such as {@code filters.access_time}) set in {@code input} and absent in {@code kept}.
     */
    static List<String> of(JsonNode input, JsonNode kept) {
        List<String> out = new ArrayList<>();
        walk("", input, kept, out, true);
        return out;
    }

    private static void walk(
            String prefix, JsonNode input, JsonNode kept, List<String> out, boolean top) {
        for (Map.Entry<String, JsonNode> field : input.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if ((top && SERVER_OWNED.contains(name)) || !carries(value)) {
                continue;
            }
            JsonNode there = kept == null ? null : kept.get(name);
            String path = prefix + name;
            if (there == null || there.isNull()) {
                out.add(path);
            } else if (value.isObject() && there.isObject()) {
                walk(path + ".", value, there, out, false);
            }
        }
    }

    /** Whether a value says something: not null, "", 0, false, [] or an object of such. */
    private static boolean carries(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isArray()) {
            return !value.isEmpty();
        }
        if (value.isObject()) {
            Iterator<JsonNode> children = value.elements();
            while (children.hasNext()) {
                if (carries(children.next())) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
