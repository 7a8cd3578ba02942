package dev.sluice.fs;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.folders.FolderValidator;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.users.User;
import dev.sluice.users.UserValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No tenant's storage can contain, or be contained in, another's: for any legal names (generated,
 * seeded, plus the adversarial ones a user once got through), for provider 0 and for provider 1 on
 * the installation's bucket with any key_prefix.
 */
class TenantIsolationTest {

    private static final String BUCKET = "installation-bucket";
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-";
    private static final long SEED = 0x51_1CE_7E_2A47L;
    private static final List<String> ADVERSARIAL =
            List.of(
                    "folders",
                    "users",
                    "sluice",
                    "folder",
                    "user",
                    "Users",
                    "FOLDERS",
                    "folders.",
                    "users~",
                    "sluice-",
                    "...",
                    "....",
                    ".a",
                    "a.",
                    "..a",
                    "a..",
                    "-",
                    "~",
                    "_",
                    "._~-",
                    "a",
                    "ab",
                    "abc",
                    "abcd",
                    "folders.d",
                    "users.d",
                    "s",
                    "x".repeat(255),
                    "x".repeat(254),
                    ".".repeat(255));

    /**
     * Legal names: the adversarial list, random names of every length, and names that are prefixes
     * of one another.
     */
    private static List<String> names(Random random) {
        Set<String> names = new LinkedHashSet<>(ADVERSARIAL);
        for (int i = 0; i < 600; i++) {
            // Mostly short names (so prefixes collide often), some up to the 255-character limit.
            int length = random.nextInt(10) < 8 ? 1 + random.nextInt(6) : 1 + random.nextInt(255);
            StringBuilder name = new StringBuilder();
            for (int c = 0; c < length; c++) {
                name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String n = name.toString();
            names.add(n);
            names.add(n.substring(0, 1 + random.nextInt(n.length())));
            if (n.length() < 255) {
                names.add(n + ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        names.remove(".");
        names.remove("..");
        names.forEach(n -> assertThat(StorageLocation.isLegalName(n)).as(n).isTrue());
        return List.copyOf(names);
    }

    private static List<StorageLocation.Tenant> tenants(List<String> names) {
        List<StorageLocation.Tenant> tenants = new ArrayList<>();
        for (String n : names) {
            tenants.add(new StorageLocation.Home(n));
            tenants.add(new StorageLocation.Folder(n));
        }
        return tenants;
    }

    private record Placed(StorageLocation.Tenant tenant, StorageLocation location) {}

    private static void assertDisjoint(List<Placed> placed) {
        StorageLocation internal =
                new StorageLocation(BUCKET, StorageLocation.INTERNAL, Optional.empty());
        for (int i = 0; i < placed.size(); i++) {
            Placed a = placed.get(i);
            assertThat(a.location().overlaps(internal))
                    .as("%s at %s reaches Sluice's own area", a.tenant(), a.location().prefix())
                    .isFalse();
            for (int j = i + 1; j < placed.size(); j++) {
                Placed b = placed.get(j);
                if (!a.tenant().equals(b.tenant()) && a.location().overlaps(b.location())) {
                    throw new AssertionError(
                            a.tenant().describe()
                                    + " at \""
                                    + a.location().prefix()
                                    + "\" and "
                                    + b.tenant().describe()
                                    + " at \""
                                    + b.location().prefix()
                                    + "\" overlap (seed "
                                    + SEED
                                    + ")");
                }
            }
        }
    }

    @Test
    void defaultRootsNeverContainOneAnother() {
        List<Placed> placed = new ArrayList<>();
        for (StorageLocation.Tenant tenant : tenants(names(new Random(SEED)))) {
            var resolution =
                    StorageLocation.locate(tenant, FilesystemConfig.defaultBucket(), BUCKET);
            assertThat(resolution)
                    .as(tenant.describe())
                    .isInstanceOf(StorageLocation.Located.class);
            StorageLocation location = ((StorageLocation.Located) resolution).location();
            assertThat(location.bucket()).isEqualTo(BUCKET);
            assertThat(location.prefix()).isEqualTo(tenant.root()).endsWith("/");
            placed.add(new Placed(tenant, location));
        }
        assertDisjoint(placed);
    }

    @Test
    void theLayoutIsUsersFoldersAndSluice() {
        assertThat(
                        located(
                                        StorageLocation.home(
                                                "folders",
                                                FilesystemConfig.defaultBucket(),
                                                BUCKET))
                                .prefix())
                .isEqualTo("users/folders/");
        assertThat(
                        located(
                                        StorageLocation.folder(
                                                "users", FilesystemConfig.defaultBucket(), BUCKET))
                                .prefix())
                .isEqualTo("folders/users/");
        assertThat(
                        located(
                                        StorageLocation.home(
                                                "sluice", FilesystemConfig.defaultBucket(), BUCKET))
                                .prefix())
                .isEqualTo("users/sluice/");
    }

    /**
     * Provider 1 naming the installation's bucket, with prefixes an attacker would try: only the
     * own area is taken.
     */
    @Test
    void installationBucketPrefixesStayInsideTheTenantsOwnArea() {
        Random random = new Random(SEED + 1);
        List<String> names = names(random).subList(0, 300);
        List<StorageLocation.Tenant> tenants = tenants(names);
        List<Placed> placed = new ArrayList<>();
        int refused = 0;
        for (StorageLocation.Tenant tenant : tenants) {
            placed.add(
                    new Placed(
                            tenant,
                            located(
                                    StorageLocation.locate(
                                            tenant, FilesystemConfig.defaultBucket(), BUCKET))));
            StorageLocation.Tenant other = tenants.get(random.nextInt(tenants.size()));
            String own = tenant.root();
            List<String> prefixes =
                    List.of(
                            "",
                            StorageLocation.HOMES,
                            StorageLocation.FOLDERS,
                            StorageLocation.INTERNAL,
                            other.root(),
                            other.root() + "x/",
                            own,
                            own + "sub/",
                            own.substring(0, own.length() - 1),
                            own + "../" + other.name() + "/",
                            tenant.name() + "/",
                            own.substring(0, 1 + random.nextInt(own.length() - 1)));
            for (String prefix : prefixes) {
                for (String bucket : new String[] {BUCKET, null, ""}) {
                    var fs =
                            new FilesystemConfig(
                                    FilesystemConfig.S3,
                                    new S3Config(
                                            bucket, null, null, null, null, null, 0, 0, false,
                                            prefix));
                    switch (StorageLocation.locate(tenant, fs, BUCKET)) {
                        case StorageLocation.Located located -> {
                            assertThat(located.location().prefix()).startsWith(own);
                            placed.add(new Placed(tenant, located.location()));
                        }
                        case StorageLocation.Refused r -> {
                            assertThat(r.reason()).contains(own, BUCKET);
                            refused++;
                        }
                    }
                }
            }
        }
        assertThat(refused).isPositive();
        assertDisjoint(placed);
    }

    @Test
    void anotherBucketIsTheOperatorsChoice() {
        var fs =
                new FilesystemConfig(
                        FilesystemConfig.S3,
                        new S3Config(
                                "customer-bucket", null, null, null, null, null, 0, 0, false, ""));
        StorageLocation location = located(StorageLocation.home("alice", fs, BUCKET));
        assertThat(location.bucket()).isEqualTo("customer-bucket");
        assertThat(location.prefix()).isEmpty();
        assertThat(
                        location.overlaps(
                                located(
                                        StorageLocation.home(
                                                "bob", FilesystemConfig.defaultBucket(), BUCKET))))
                .isFalse();
    }

    @Test
    void namesThatAreNotOneSegmentHaveNoLocation() {
        for (String bad : new String[] {"", ".", "..", "a/b", "../folders", "users/x", null}) {
            assertThat(StorageLocation.home(bad, FilesystemConfig.defaultBucket(), BUCKET))
                    .as(String.valueOf(bad))
                    .isInstanceOf(StorageLocation.Refused.class);
            assertThat(StorageLocation.folder(bad, FilesystemConfig.defaultBucket(), BUCKET))
                    .as(String.valueOf(bad))
                    .isInstanceOf(StorageLocation.Refused.class);
        }
    }

    private static StorageLocation located(StorageLocation.Resolution resolution) {
        assertThat(resolution).isInstanceOf(StorageLocation.Located.class);
        return ((StorageLocation.Located) resolution).location();
    }

    // --- validation when a user or folder is saved ---

    private static FilesystemConfig s3(String bucket, String prefix) {
        return new FilesystemConfig(
                FilesystemConfig.S3,
                new S3Config(bucket, null, null, null, null, null, 0, 0, false, prefix));
    }

    private static User user(String name, FilesystemConfig fs) {
        return User.builder()
                .username(name)
                .password("correct horse")
                .permissions(Map.of("/", List.of("*")))
                .filesystem(fs)
                .build();
    }

    @Test
    void aUserOnTheInstallationBucketMayOnlyUseItsOwnArea() {
        UserValidator validator = new UserValidator(BUCKET);
        assertThat(
                        validator
                                .validate(user("alice", s3(BUCKET, "users/alice/")))
                                .filesystem()
                                .s3config()
                                .keyPrefix())
                .isEqualTo("users/alice/");
        assertThat(
                        validator
                                .validate(user("alice", s3(BUCKET, "users/alice/archive/")))
                                .filesystem()
                                .s3config()
                                .keyPrefix())
                .isEqualTo("users/alice/archive/");
        for (String prefix :
                new String[] {
                    "",
                    "users/",
                    "users/bob/",
                    "folders/",
                    "folders/shared/",
                    "sluice/",
                    "alice/",
                    "users/alice.old/"
                }) {
            assertThat(errorsOf(() -> validator.validate(user("alice", s3(BUCKET, prefix)))))
                    .as(prefix)
                    .containsExactly(
                            "filesystem.s3config.key_prefix: user alice: on the installation's bucket (\""
                                    + BUCKET
                                    + "\") the key_prefix"
                                    + " must start with the user's own area \"users/alice/\" (other tenants' files are elsewhere in it): use"
                                    + " provider 0, a key_prefix below \"users/alice/\", or another bucket (got \""
                                    + prefix
                                    + "\")");
        }
        // Other buckets are the operator's choice: any prefix.
        assertThat(
                        validator
                                .validate(user("alice", s3("customer-bucket", "")))
                                .filesystem()
                                .s3config()
                                .bucket())
                .isEqualTo("customer-bucket");
    }

    @Test
    void aFolderOnTheInstallationBucketMayOnlyUseItsOwnArea() {
        VirtualFolder ok =
                new VirtualFolder(
                        "shared", null, null, 0, 0, 0, null, s3(BUCKET, "folders/shared/2024/"));
        assertThat(FolderValidator.validate(ok, BUCKET).filesystem().s3config().keyPrefix())
                .isEqualTo("folders/shared/2024/");
        for (String prefix :
                new String[] {
                    "", "users/", "users/alice/", "folders/", "folders/other/", "folders/shared.x/"
                }) {
            VirtualFolder bad =
                    new VirtualFolder("shared", null, null, 0, 0, 0, null, s3(BUCKET, prefix));
            assertThat(errorsOf(() -> FolderValidator.validate(bad, BUCKET)))
                    .as(prefix)
                    .singleElement()
                    .asString()
                    .startsWith(
                            "filesystem.s3config.key_prefix: folder shared: on the installation's bucket")
                    .contains("\"folders/shared/\"");
        }
    }

    @Test
    void aMalformedPrefixOrNameIsReportedOnItsOwnField() {
        UserValidator validator = new UserValidator(BUCKET);
        // No trailing "/": the shape error alone, not a second tenant error about the same value.
        assertThat(errorsOf(() -> validator.validate(user("alice", s3(BUCKET, "users/alice")))))
                .singleElement()
                .asString()
                .startsWith("filesystem.s3config.key_prefix: must be empty or like");
        assertThat(errorsOf(() -> validator.validate(user("a/b", s3(BUCKET, "users/a/b/")))))
                .singleElement()
                .asString()
                .startsWith("username: ");
    }
}
