package dev.sluice.users;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.fs.FilesystemConfig;
import dev.sluice.fs.S3Config;
import dev.sluice.secrets.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserValidatorTest {

    private final UserValidator validator = new UserValidator("installation-bucket");

    static String key(String name) {
        try (var in = UserValidatorTest.class.getResourceAsStream("/keys/" + name + ".pub")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static User.Builder valid() {
        return User.builder()
                .username("alice")
                .password("correct horse")
                .permissions(Map.of("/", List.of("*")));
    }

    @Test
    void aValidUserPassesAndIsNormalised() {
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        permissions.put("/", List.of("list", "download"));
        permissions.put("//in/./", List.of("upload", "upload", "list"));
        permissions.put("/all", List.of("list", "*"));
        User user =
                validator.validate(
                        valid().permissions(permissions)
                                .publicKeys(List.of(key("ed"), key("rsa"), key("ec")))
                                .filters(
                                        new UserFilters(
                                                List.of("192.0.2.0/24", "2001:db8::/32"),
                                                List.of("10.0.0.0/8"),
                                                List.of("password"),
                                                List.of("FTP"),
                                                List.of(
                                                        new PatternsFilter(
                                                                "/in/",
                                                                List.of(
                                                                        "*.csv",
                                                                        "report-??.[tc]sv"),
                                                                List.of("*.exe"))),
                                                1024,
                                                true))
                                .virtualFolders(
                                        List.of(
                                                new VirtualFolderMapping(
                                                        "shared", "/shared/", -1, 0)))
                                .filesystem(
                                        new FilesystemConfig(
                                                1,
                                                new S3Config(
                                                        "my-bucket",
                                                        "eu-west-1",
                                                        "AKIA",
                                                        Secret.plain("x"),
                                                        "https://s3.example.com",
                                                        "standard_ia",
                                                        16,
                                                        4,
                                                        true,
                                                        "customers/alice/")))
                                .build());
        assertThat(user.permissions()).containsOnlyKeys("/", "/in", "/all");
        assertThat(user.permissions().get("/in")).containsExactly("upload", "list");
        assertThat(user.permissions().get("/all")).containsExactly("*");
        assertThat(user.filters().filePatterns().getFirst().path()).isEqualTo("/in");
        assertThat(user.virtualFolders().getFirst().virtualPath()).isEqualTo("/shared");
        assertThat(user.filesystem().s3config().storageClass()).isEqualTo("STANDARD_IA");
    }

    @Test
    void usernameRules() {
        assertThat(errorsOf(() -> validator.validate(valid().username("").build())))
                .containsExactly("username: is required");
        assertThat(errorsOf(() -> validator.validate(valid().username("bad/name").build())))
                .containsExactly(
                        "username: may only contain letters, digits and . _ ~ - (got \"bad/name\")");
        assertThat(errorsOf(() -> validator.validate(valid().username("..").build())))
                .containsExactly("username: must not be \".\" or \"..\" (got \"..\")");
        assertThat(errorsOf(() -> validator.validate(valid().username("a".repeat(256)).build())))
                .singleElement()
                .asString()
                .startsWith("username: must be at most 255 characters");
    }

    @Test
    void statusEmailAndNumbers() {
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().status(2)
                                                        .email("nope")
                                                        .quotaSize(-1)
                                                        .quotaFiles(-2)
                                                        .uploadBandwidth(-3)
                                                        .downloadBandwidth(-4)
                                                        .maxSessions(-1)
                                                        .expirationDate(-5)
                                                        .uid(-1)
                                                        .gid(-1)
                                                        .build())))
                .containsExactly(
                        "status: must be 0 (disabled) or 1 (enabled) (got \"2\")",
                        "email: must be an e-mail address such as user@example.com (got \"nope\")",
                        "expiration_date: must be 0 or more (ms since epoch; 0 never expires) (got \"-5\")",
                        "uid: must be 0 or more (a numeric user id) (got \"-1\")",
                        "gid: must be 0 or more (a numeric group id) (got \"-1\")",
                        "max_sessions: must be 0 or more (0 means unlimited) (got \"-1\")",
                        "quota_size: must be 0 or more (bytes; 0 means unlimited) (got \"-1\")",
                        "quota_files: must be 0 or more (files; 0 means unlimited) (got \"-2\")",
                        "upload_bandwidth: must be 0 or more (KB/s; 0 means unlimited) (got \"-3\")",
                        "download_bandwidth: must be 0 or more (KB/s; 0 means unlimited) (got \"-4\")");
    }

    @Test
    void credentialsAreRequiredAndPlainPasswordsHaveALength() {
        assertThat(errorsOf(() -> validator.validate(valid().password(null).build())))
                .containsExactly("password: a password or at least one public key is required");
        assertThat(errorsOf(() -> validator.validate(valid().password("short").build())))
                .containsExactly("password: must be at least 8 characters");
        assertThat(errorsOf(() -> validator.validate(valid().password("x".repeat(1025)).build())))
                .containsExactly("password: must be at most 1024 characters");
        // A hash in a supported format is stored as is; a malformed one is refused, not stored.
        String bcrypt = "$2b$05$TGWEVW/pxlnutujLIEODsOL7M0wTqkqeS/smI2UEq5pv8CvnXUguG";
        assertThat(validator.validate(valid().password(bcrypt).build()).password())
                .isEqualTo(bcrypt);
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().password(
                                                                "$2y$99$TGWEVW/pxlnutujLIEODsOL7M0wTqkqeS/smI2UEq5pv8CvnXUguG")
                                                        .build())))
                .singleElement()
                .asString()
                .startsWith("password: the password hash has bcrypt cost 99");
        // A public key alone is enough.
        assertThat(
                        validator.validate(
                                valid().password(null).publicKeys(List.of(key("ed"))).build()))
                .isNotNull();
    }

    @Test
    void publicKeyRules() {
        String ed = key("ed");
        String[] parts = ed.split(" ");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().publicKeys(
                                                                List.of(
                                                                        key("dsa"),
                                                                        key("rsa1024"),
                                                                        "ssh-foo AAAA",
                                                                        "ssh-ed25519 !!!",
                                                                        "ssh-rsa " + parts[1],
                                                                        "garbage",
                                                                        ed,
                                                                        parts[0]
                                                                                + " "
                                                                                + parts[1]
                                                                                + " other-comment"))
                                                        .build())))
                .hasSize(7)
                .satisfies(
                        errors -> {
                            assertThat(errors.get(0))
                                    .startsWith(
                                            "public_keys[0]: DSA keys are insecure and not accepted; use ssh-ed25519");
                            assertThat(errors.get(1))
                                    .startsWith(
                                            "public_keys[1]: RSA key has 1024 bits; at least 2048 are required");
                            assertThat(errors.get(2))
                                    .startsWith(
                                            "public_keys[2]: unsupported key type \"ssh-foo\"; allowed: [");
                            assertThat(errors.get(3))
                                    .startsWith("public_keys[3]: the key data is not valid base64");
                            assertThat(errors.get(4))
                                    .startsWith(
                                            "public_keys[4]: the key data is a \"ssh-ed25519\" key but the line says \"ssh-rsa\"");
                            assertThat(errors.get(5))
                                    .startsWith(
                                            "public_keys[5]: must be \"<type> <base64 key> [comment]\"");
                            assertThat(errors.get(6)).startsWith("public_keys[7]: is listed twice");
                        });
    }

    @Test
    void permissionRules() {
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("/", List.of("list", "fly"));
        bad.put("relative", List.of("list"));
        bad.put("/a/../b", List.of("list"));
        bad.put("/dir", List.of());
        bad.put("/dir/", List.of("list"));
        assertThat(errorsOf(() -> validator.validate(valid().permissions(bad).build())))
                .containsExactly(
                        "permissions[\"/\"]: unknown permission; allowed: "
                                + Permission.names()
                                + " (got \"fly\")",
                        "permissions[\"relative\"]: the key must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\" (got \"relative\")",
                        "permissions[\"/a/../b\"]: the key must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\" (got \"/a/../b\")",
                        "permissions[\"/dir\"]: must list at least one permission; allowed: "
                                + Permission.names()
                                + " (got \"[]\")",
                        "permissions[\"/dir/\"]: names the same directory as \"/dir\" (got \"/dir/\")");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().permissions(Map.of("/in", List.of("*")))
                                                        .build())))
                .containsExactly("permissions: must include the root directory \"/\"");
        assertThat(errorsOf(() -> validator.validate(valid().permissions(Map.of()).build())))
                .containsExactly(
                        "permissions: is required and must include the root directory \"/\", e.g. {\"/\": [\"*\"]}");
    }

    @Test
    void networksAreStoredInTheirCanonicalSpelling() {
        var filters =
                new UserFilters(
                        List.of("10.1.2.3/8", "2001:DB8:0:0::/32"),
                        List.of("::FFFF:192.0.2.9/128"),
                        null,
                        null,
                        null,
                        0,
                        false);
        User user = validator.validate(valid().filters(filters).build());
        assertThat(user.filters().allowedIp()).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(user.filters().deniedIp()).containsExactly("::ffff:192.0.2.9/128");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().filters(
                                                                new UserFilters(
                                                                        List.of("10.0.0.0/08"),
                                                                        null,
                                                                        null,
                                                                        null,
                                                                        null,
                                                                        0,
                                                                        false))
                                                        .build())))
                .singleElement()
                .asString()
                .startsWith("filters.allowed_ip[0]: must be an IP network");
    }

    @Test
    void filterRules() {
        var filters =
                new UserFilters(
                        List.of("192.0.2.0/33", "10.0.0.1", "192.0.2.0/24", "192.0.2.7/24"),
                        List.of("fe80::/129"),
                        List.of("password", "smoke-signals"),
                        List.of("SSH", "GOPHER"),
                        List.of(
                                new PatternsFilter("in", List.of("[abc"), List.of()),
                                new PatternsFilter("/x", List.of(), List.of()),
                                new PatternsFilter("/x/", List.of("a/b"), List.of())),
                        -1,
                        false);
        assertThat(errorsOf(() -> validator.validate(valid().filters(filters).build())))
                .containsExactly(
                        "filters.allowed_ip[0]: must be an IP network in CIDR notation, such as 192.0.2.0/24 or 2001:db8::/32 (no leading zeros) (got \"192.0.2.0/33\")",
                        "filters.allowed_ip[1]: must be an IP network in CIDR notation, such as 192.0.2.0/24 or 2001:db8::/32 (no leading zeros) (got \"10.0.0.1\")",
                        "filters.allowed_ip[3]: is listed twice (as 192.0.2.0/24) (got \"192.0.2.7/24\")",
                        "filters.denied_ip[0]: must be an IP network in CIDR notation, such as 192.0.2.0/24 or 2001:db8::/32 (no leading zeros) (got \"fe80::/129\")",
                        "filters.denied_login_methods[1]: unknown login method; allowed: "
                                + LoginMethod.names()
                                + " (got \"smoke-signals\")",
                        "filters.denied_protocols[1]: unknown protocol; allowed: [SSH, FTP, DAV, HTTP] (got \"GOPHER\")",
                        "filters.max_upload_file_size: must be 0 or more (bytes; 0 means no limit) (got \"-1\")",
                        "filters.file_patterns[0].path: must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\" (got \"in\")",
                        "filters.file_patterns[0].allowed_patterns[0]: must be a file name pattern such as \"*.jpg\" or \"report-??.csv\" (no \"/\", balanced [ ]) (got \"[abc\")",
                        "filters.file_patterns[1].allowed_patterns: give allowed_patterns, denied_patterns or both",
                        "filters.file_patterns[2].path: has more than one file_patterns entry (got \"/x/\")",
                        "filters.file_patterns[2].allowed_patterns[0]: must be a file name pattern such as \"*.jpg\" or \"report-??.csv\" (no \"/\", balanced [ ]) (got \"a/b\")");
    }

    @Test
    void sftpgo27ValuesAreValidAndAdditionalEmailsAreCheckedLikeEmail() {
        var filters =
                new UserFilters(
                        null,
                        null,
                        List.of("password-over-SSH", "TLSCertificate"),
                        null,
                        null,
                        0,
                        false,
                        List.of("ops@example.com", "billing@example.org"));
        User user =
                validator.validate(
                        valid().permissions(Map.of("/", List.of("list", "download", "copy")))
                                .filters(filters)
                                .build());
        assertThat(user.permissions()).containsEntry("/", List.of("list", "download", "copy"));
        assertThat(user.filters().deniedLoginMethods())
                .containsExactly("password-over-SSH", "TLSCertificate");
        assertThat(user.filters().additionalEmails())
                .containsExactly("ops@example.com", "billing@example.org");

        var bad =
                new UserFilters(
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        false,
                        List.of("ok@example.com", "not an address", "", "OK@example.com"));
        assertThat(errorsOf(() -> validator.validate(valid().filters(bad).build())))
                .containsExactly(
                        "filters.additional_emails[1]: must be an e-mail address such as user@example.com (got \"not an address\")",
                        "filters.additional_emails[2]: must be an e-mail address such as user@example.com (got \"\")",
                        "filters.additional_emails[3]: is listed twice (got \"OK@example.com\")");
        var tooMany =
                new UserFilters(
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        false,
                        java.util.stream.IntStream.rangeClosed(
                                        0, UserValidator.MAX_ADDITIONAL_EMAILS)
                                .mapToObj(i -> "u" + i + "@example.com")
                                .toList());
        assertThat(errorsOf(() -> validator.validate(valid().filters(tooMany).build())))
                .containsExactly(
                        "filters.additional_emails: at most 100 addresses are allowed (got \"101 addresses\")");
    }

    @Test
    void aFolderSubpathIsRefusedRatherThanIgnored() {
        var folders = List.of(new VirtualFolderMapping("a", "/a", 0, 0, "/only/this"));
        assertThat(errorsOf(() -> validator.validate(valid().virtualFolders(folders).build())))
                .containsExactly(
                        "virtual_folders[0].subpath: is not supported: Sluice mounts a whole folder; leave it empty (got \"/only/this\")");
        assertThat(
                        validator
                                .validate(
                                        valid().virtualFolders(
                                                        List.of(
                                                                new VirtualFolderMapping(
                                                                        "a", "/a", 0, 0, "")))
                                                .build())
                                .virtualFolders())
                .hasSize(1);
    }

    @Test
    void virtualFolderRules() {
        var folders =
                List.of(
                        new VirtualFolderMapping("a", "/", 0, 0),
                        new VirtualFolderMapping("b", "/data", -2, -2),
                        new VirtualFolderMapping("c", "/data/sub", 0, 0),
                        new VirtualFolderMapping("b", "/other", 0, 0),
                        new VirtualFolderMapping("", "/x", 0, 0));
        assertThat(errorsOf(() -> validator.validate(valid().virtualFolders(folders).build())))
                .containsExactly(
                        "virtual_folders[0].virtual_path: must be an absolute path below \"/\" such as \"/shared\", without \"..\" (got \"/\")",
                        "virtual_folders[1].quota_size: must be -1 or more (bytes; 0 unlimited, -1 counted in the user's quota) (got \"-2\")",
                        "virtual_folders[1].quota_files: must be -1 or more (files; 0 unlimited, -1 counted in the user's quota) (got \"-2\")",
                        "virtual_folders[2].virtual_path: overlaps \"/data\" (got \"/data/sub\")",
                        "virtual_folders[3].name: is mounted twice (got \"b\")",
                        "virtual_folders[4].name: is required");
    }

    @Test
    void s3FilesystemRules() {
        var s3 =
                new S3Config(
                        "Bad_Bucket",
                        "mars-1",
                        "AKIA",
                        null,
                        "ftp://x",
                        "GLACIER",
                        4,
                        65,
                        false,
                        "/abs");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().filesystem(new FilesystemConfig(1, s3))
                                                        .build())))
                .containsExactly(
                        "filesystem.s3config.bucket: must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit (got \"Bad_Bucket\")",
                        "filesystem.s3config.region: must be an AWS region such as eu-west-1 (got \"mars-1\")",
                        "filesystem.s3config.endpoint: must be an http(s) URL such as https://s3.example.com (got \"ftp://x\")",
                        "filesystem.s3config.storage_class: must be one of [STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, REDUCED_REDUNDANCY, EXPRESS_ONEZONE] (GLACIER and DEEP_ARCHIVE objects cannot be downloaded without a restore) (got \"GLACIER\")",
                        "filesystem.s3config.upload_part_size: must be 0 (automatic) or between 5 and 5120 (MB) (got \"4\")",
                        "filesystem.s3config.upload_concurrency: must be between 0 (server default) and 64 (got \"65\")",
                        "filesystem.s3config.key_prefix: must be empty or like \"folder/subfolder/\": no leading \"/\", a trailing \"/\", no empty, \".\" or \"..\" segments (got \"/abs\")",
                        "filesystem.s3config.access_secret: access_key and access_secret go together: give both, or neither to use the service's IAM role");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().filesystem(new FilesystemConfig(2, null))
                                                        .build())))
                .containsExactly(
                        "filesystem.provider: Sluice stores files in S3; allowed: 0 (the installation's bucket) or 1 (S3 with s3config) (got \"2\")");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().filesystem(
                                                                new FilesystemConfig(
                                                                        1, S3Config.empty()))
                                                        .build())))
                .containsExactly("filesystem.s3config.bucket: is required when provider is 1 (S3)");
        assertThat(
                        errorsOf(
                                () ->
                                        validator.validate(
                                                valid().filesystem(
                                                                new FilesystemConfig(
                                                                        1,
                                                                        new S3Config(
                                                                                "bucket", null,
                                                                                null, null, null,
                                                                                null, 0, 0, false,
                                                                                "a/../b/")))
                                                        .build())))
                .singleElement()
                .asString()
                .startsWith("filesystem.s3config.key_prefix: must be empty or like");
    }

    @Test
    void providerZeroDropsS3Settings() {
        var s3 = new S3Config("ignored", null, null, null, null, null, 0, 0, false, null);
        User user = validator.validate(valid().filesystem(new FilesystemConfig(0, s3)).build());
        assertThat(user.filesystem()).isEqualTo(FilesystemConfig.defaultBucket());
    }

    @Test
    void redactedHidesPasswordAndSecrets() {
        User user =
                valid().filesystem(
                                new FilesystemConfig(
                                        1,
                                        new S3Config(
                                                "b-1",
                                                null,
                                                "AKIA",
                                                Secret.plain("top"),
                                                null,
                                                null,
                                                0,
                                                0,
                                                false,
                                                null)))
                        .build()
                        .redacted();
        assertThat(user.password()).isNull();
        assertThat(user.hasPassword()).isTrue();
        assertThat(dev.sluice.json.Json.write(user))
                .doesNotContain("top")
                .doesNotContain("correct horse")
                .contains("\"access_secret\":{\"status\":\"Redacted\",\"mode\":0}");
    }
}
