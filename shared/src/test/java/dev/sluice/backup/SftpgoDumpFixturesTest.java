package dev.sluice.backup;

import static dev.sluice.backup.SftpgoFixtures.at;
import static dev.sluice.backup.SftpgoFixtures.fieldNames;
import static dev.sluice.backup.SftpgoFixtures.find;
import static dev.sluice.backup.SftpgoFixtures.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.passwords.PasswordHasher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SFTPGo dump fixtures hold what expected.json says: every password, API key and share hash
 * verifies with Sluice's own verifier, and each dump has its release's shape.
 */
class SftpgoDumpFixturesTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    /** shortuuid's base57 alphabet (no 0, 1, I, O, l), 22 digits: SFTPGo's GenerateUniqueID. */
    private static final String SHORT_ID = "[2-9A-HJ-NP-Za-km-z]{22}";

    static Stream<JsonNode> dumps() {
        return SftpgoFixtures.expectedDumps().stream();
    }

    private static JsonNode dumpOf(JsonNode expected) {
        return SftpgoFixtures.json(expected.get("file").asText());
    }

    @Test
    void holdsOneDumpPerRelease() {
        assertThat(dumps().map(d -> d.get("file").asText() + "=" + d.get("version").asInt()))
                .containsExactly(
                        "dump-2.4.json=13",
                        "dump-2.5.json=15",
                        "dump-2.6.json=16",
                        "dump-2.7.json=17");
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void everyUserPasswordVerifiesAgainstItsHashAndAWrongOneDoesNot(JsonNode expected) {
        JsonNode dump = dumpOf(expected);
        int checked = 0;
        for (JsonNode user : expected.get("users")) {
            JsonNode stored = find(dump.get("users"), "username", user.get("username").asText());
            if (user.get("password").isNull()) {
                assertThat(stored.has("password")).as(user.toString()).isFalse();
                continue;
            }
            String hash = stored.get("password").asText();
            String password = user.get("password").asText();
            assertThat(PasswordHasher.detect(hash).displayName())
                    .isEqualTo(user.get("hash_format").asText());
            assertThat(HASHER.verify(password, hash)).as(hash).isTrue();
            assertThat(HASHER.verify(password + "x", hash)).as(hash).isFalse();
            checked++;
        }
        assertThat(checked).isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void usersCarryEveryHashFormatOfTheBrief(JsonNode expected) {
        assertThat(expected.get("users").findValuesAsText("hash_format"))
                .contains("bcrypt", "argon2id", "pbkdf2-sha256", "sha512-crypt", "md5-crypt");
        JsonNode dump = dumpOf(expected);
        assertThat(find(dump.get("users"), "username", "alice").get("password").asText())
                .startsWith("$2a$10$");
        assertThat(find(dump.get("users"), "username", "bob").get("password").asText())
                .startsWith("$argon2id$v=19$m=65536,t=1,p=2$");
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void everyAdminPasswordVerifiesAgainstItsHash(JsonNode expected) {
        JsonNode dump = dumpOf(expected);
        for (JsonNode admin : expected.get("admins")) {
            JsonNode stored = find(dump.get("admins"), "username", admin.get("username").asText());
            String hash = stored.get("password").asText();
            // SFTPGo keeps only $2a$ and $argon2id$ admin hashes; anything else it re-hashes.
            assertThat(hash).matches("\\$(2a|argon2id)\\$.*");
            assertThat(HASHER.verify(admin.get("password").asText(), hash)).as(hash).isTrue();
            assertThat(HASHER.verify("", hash)).isFalse();
            assertThat(strings(stored.get("permissions")))
                    .isEqualTo(strings(admin.get("permissions")));
        }
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void everyApiKeySecretVerifiesAgainstItsBcryptHash(JsonNode expected) {
        JsonNode dump = dumpOf(expected);
        assertThat(expected.get("api_keys")).hasSize(2);
        for (JsonNode key : expected.get("api_keys")) {
            String plain = key.get("plain_key").asText();
            int dot = plain.indexOf('.');
            String id = plain.substring(0, dot);
            String secret = plain.substring(dot + 1);
            assertThat(id).matches(SHORT_ID).isEqualTo(key.get("id").asText());
            assertThat(secret).matches(SHORT_ID);
            JsonNode stored = find(dump.get("api_keys"), "id", id);
            String hash = stored.get("key").asText();
            assertThat(hash).startsWith("$2a$10$");
            assertThat(HASHER.verify(secret, hash)).isTrue();
            // The id is not part of what is hashed: the whole displayed key must not verify.
            assertThat(HASHER.verify(plain, hash)).isFalse();
            assertThat(stored.get("scope").asInt()).isEqualTo(key.get("scope").asInt());
        }
        assertThat(find(dump.get("api_keys"), "name", "auditor-key").get("admin").asText())
                .isEqualTo("auditor");
        assertThat(find(dump.get("api_keys"), "name", "alice-key").get("user").asText())
                .isEqualTo("alice");
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void theSharePasswordVerifies(JsonNode expected) {
        JsonNode share = expected.get("shares").get(0);
        JsonNode stored = find(dumpOf(expected).get("shares"), "id", share.get("id").asText());
        assertThat(share.get("id").asText()).matches(SHORT_ID);
        assertThat(HASHER.verify(share.get("password").asText(), stored.get("password").asText()))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void objectsHaveTheKeysExpectedJsonLists(JsonNode expected) {
        JsonNode dump = dumpOf(expected);
        assertThat(fieldNames(dump)).isEqualTo(strings(expected.get("top_level_keys")));
        assertThat(dump.get("version").asInt()).isEqualTo(expected.get("version").asInt());
        assertThat(dump.get("users")).hasSize(8);
        assertThat(dump.get("admins")).hasSize(3);
        assertThat(dump.get("folders")).hasSize(2);
        for (JsonNode user : expected.get("users")) {
            JsonNode stored = find(dump.get("users"), "username", user.get("username").asText());
            assertThat(fieldNames(stored)).isEqualTo(strings(user.get("keys")));
            assertThat(fieldNames(stored.get("filters")))
                    .isEqualTo(strings(user.get("filter_keys")));
        }
        for (JsonNode admin : expected.get("admins")) {
            JsonNode stored = find(dump.get("admins"), "username", admin.get("username").asText());
            assertThat(fieldNames(stored)).isEqualTo(strings(admin.get("keys")));
            assertThat(fieldNames(stored.get("filters")))
                    .isEqualTo(strings(admin.get("filter_keys")));
        }
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void eachDumpHasItsReleasesShape(JsonNode expected) {
        int version = expected.get("version").asInt();
        JsonNode dump = dumpOf(expected);
        List<String> keys = fieldNames(dump);
        if (version >= 15) {
            assertThat(keys).contains("roles", "ip_lists", "configs");
            assertThat(dump.get("roles")).isEmpty();
            assertThat(dump.get("ip_lists")).hasSize(1);
            assertThat(dump.get("configs").isObject()).isTrue();
        } else {
            assertThat(keys).doesNotContain("roles", "ip_lists", "configs");
        }
        assertThat(dump.get("event_rules")).hasSize(version >= 16 ? 1 : 0);
        assertThat(dump.get("event_actions")).hasSize(version >= 16 ? 1 : 0);
        if (version >= 16) {
            assertThat(at(dump, "event_actions[0].options.http_config.body").asText())
                    .contains(version >= 17 ? "{{.Name}}" : "{{Name}}");
        }

        JsonNode alice = find(dump.get("users"), "username", "alice");
        assertThat(strings(alice.get("permissions").get("/uploads")).contains("copy"))
                .isEqualTo(version >= 16);
        List<String> filters = fieldNames(alice.get("filters"));
        assertThat(filters.contains("access_time")).isEqualTo(version >= 16);
        assertThat(filters.contains("max_shares_expiration")).isEqualTo(version >= 16);
        assertThat(filters.contains("additional_emails")).isEqualTo(version >= 17);
        assertThat(filters.contains("tls_certs")).isEqualTo(version >= 17);
        JsonNode grace = find(dump.get("users"), "username", "grace");
        assertThat(grace.get("filters").has("data_transfer_limits")).isEqualTo(version < 17);

        List<String> ops = strings(find(dump.get("admins"), "username", "ops").get("permissions"));
        if (version >= 17) {
            assertThat(ops)
                    .contains("manage_folders", "disable_mfa")
                    .doesNotContain("manage_admins", "manage_apikeys", "manage_system");
        } else {
            assertThat(ops)
                    .contains(
                            "manage_admins", "manage_apikeys", "manage_system", "retention_checks")
                    .doesNotContain("disable_mfa");
        }
        assertThat(strings(find(dump.get("admins"), "username", "admin").get("permissions")))
                .containsExactly("*");
        JsonNode opsFilters = find(dump.get("admins"), "username", "ops").get("filters");
        assertThat(opsFilters.has("require_two_factor")).isEqualTo(version >= 16);
        assertThat(opsFilters.get("preferences").has("default_users_expiration"))
                .isEqualTo(version >= 16);
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void theUsersCoverEveryCaseOfTheBrief(JsonNode expected) {
        JsonNode users = dumpOf(expected).get("users");
        assertThat(find(users, "username", "alice").get("home_dir").asText())
                .isEqualTo("/srv/sftpgo/data/alice");
        assertThat(at(find(users, "username", "alice"), "virtual_folders[0].quota_size").asLong())
                .isEqualTo(-1);
        assertThat(at(find(users, "username", "bob"), "filesystem.provider").asInt()).isEqualTo(1);
        assertThat(at(find(users, "username", "erin"), "filesystem.provider").asInt()).isEqualTo(2);
        assertThat(at(find(users, "username", "dave"), "groups[0].name").asText())
                .isEqualTo("staff");
        JsonNode frank = find(users, "username", "frank");
        assertThat(frank.has("password")).isFalse();
        assertThat(strings(frank.get("public_keys")))
                .containsExactly(SftpgoFixtures.text("test-only-ed25519.pub").strip());
        assertThat(at(dumpOf(expected), "folders[0].mapped_path").asText())
                .isEqualTo("/srv/sftpgo/shared");
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void theSecretsExpectedJsonListsAreInTheDump(JsonNode expected) {
        JsonNode dump = dumpOf(expected);
        assertThat(expected.get("secrets")).hasSize(5);
        for (JsonNode secret : expected.get("secrets")) {
            JsonNode stored = at(dump, secret.get("path").asText());
            assertThat(stored.get("status").asText()).isEqualTo(secret.get("status").asText());
            assertThat(stored.get("additional_data").asText())
                    .isEqualTo(secret.get("additional_data").asText());
            assertThat(stored.path("mode").asInt()).isEqualTo(secret.get("mode").asInt());
            assertThat(stored.get("payload").asText()).doesNotContain(secret.get("plain").asText());
        }
    }
}
