package dev.sluice.quota;

import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.fs.StorageLocation;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Recounts quota usage from S3 and sets the counters to what is really stored (SFTPGo's quota
 * scan). A user's scan covers the home; each virtual folder is scanned on its own. Everyone is
 * visited through the stores' key-paged walk, so each user and folder is read once. An upload that
 * completes while a scan lists may be counted by neither; the next scan puts it right. Lapsed quota
 * leases are reaped first, and what live ones hold stays in the counters ({@code
 * UsageCounters#set}). An owner whose storage cannot be listed is skipped and reported ({@link
 * Skipped}); the others are counted. Having opened each owner's stored S3 secret, the scan also
 * seals one sealed under an older master key version again under the current one (see {@code
 * MasterKeyRing}).
 */
public final class QuotaScan {

    /** Users (and folders) read per page while scanning everyone. */
    static final int PAGE = 500;

    /** What to scan: everyone, one user, or one folder. */
    public sealed interface Scope permits All, OneUser, OneFolder {}

    public record All() implements Scope {}

    public record OneUser(String username) implements Scope {}

    public record OneFolder(String name) implements Scope {}

    /**
     * What a scan did.
     *
     * @param usersScanned users whose counters were set
     * @param foldersScanned folders whose counters were set
     * @param missing named in an on-demand request but not found
     * @param skipped users and folders whose storage could not be listed; their counters were left
     *     as they were
     */
    public record Result(
            int usersScanned, int foldersScanned, List<String> missing, List<Skipped> skipped) {
        public Result {
            missing = List.copyOf(missing);
            skipped = List.copyOf(skipped);
        }

        /**
         * Whether an owner on the installation's own bucket (its role, its default bucket) failed:
         * that is the installation's problem, not one user's, so the job should retry and alarm.
         */
        public boolean installationStorageFailed() {
            return skipped.stream().anyMatch(Skipped::installationStorage);
        }
    }

    /**
     * An owner the scan could not count: which one, where its files are, and why (AccessDenied or
     * NoSuchBucket on a bucket the role was not granted, an unreachable endpoint, a stored S3
     * secret that does not open).
     *
     * @param owner {@code user <name>} or {@code folder <name>}
     * @param installationStorage the location is the installation's bucket reached with its own
     *     role
     */
    public record Skipped(
            String owner, String bucket, String reason, boolean installationStorage) {}

    private final UserStore users;
    private final FolderStore folders;
    private final S3ClientFactory clients;
    private final String defaultBucket;
    private final Optional<QuotaReaper> reaper;
    private final Quotas quotas;
    private final int pageSize;

    public QuotaScan(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            Clock clock) {
        this(users, folders, clients, defaultBucket, clock, Optional.empty());
    }

    public QuotaScan(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            Clock clock,
            Optional<QuotaReaper> reaper) {
        this(users, folders, clients, defaultBucket, clock, reaper, PAGE);
    }

    QuotaScan(
            UserStore users,
            FolderStore folders,
            S3ClientFactory clients,
            String defaultBucket,
            Clock clock,
            Optional<QuotaReaper> reaper,
            int pageSize) {
        this.pageSize = pageSize;
        this.quotas = Quotas.of(users, folders, clock);
        this.reaper = reaper;
        this.users = users;
        this.folders = folders;
        this.clients = clients;
        this.defaultBucket = defaultBucket;
    }

    public Result run(Scope scope) {
        reaper.ifPresent(QuotaReaper::reapLapsed);
        List<Skipped> skipped = new ArrayList<>();
        return switch (scope) {
            case All all -> {
                int u = 0;
                int f = 0;
                for (User user : users.all(pageSize)) {
                    u += scanUser(user, skipped) ? 1 : 0;
                }
                for (VirtualFolder folder : folders.all(pageSize)) {
                    f += scanFolder(folder, skipped) ? 1 : 0;
                }
                yield new Result(u, f, List.of(), skipped);
            }
            case OneUser one -> {
                Optional<User> user = users.find(one.username());
                int counted = user.isPresent() && scanUser(user.get(), skipped) ? 1 : 0;
                yield new Result(
                        counted,
                        0,
                        user.isPresent() ? List.of() : List.of("user " + one.username()),
                        skipped);
            }
            case OneFolder one -> {
                Optional<VirtualFolder> folder = folders.find(one.name());
                int counted = folder.isPresent() && scanFolder(folder.get(), skipped) ? 1 : 0;
                yield new Result(
                        0,
                        counted,
                        folder.isPresent() ? List.of() : List.of("folder " + one.name()),
                        skipped);
            }
        };
    }

    private boolean scanUser(User user, List<Skipped> skipped) {
        StorageLocation home;
        switch (StorageLocation.home(user.username(), user.filesystem(), defaultBucket)) {
            case StorageLocation.Located located -> home = located.location();
            case StorageLocation.Refused refused -> {
                // Stored around validation: it would reach another tenant's files, so it is never
                // listed.
                skipped.add(
                        new Skipped(
                                "user " + user.username(), defaultBucket, refused.reason(), false));
                return false;
            }
        }
        Optional<UsageScanner.Usage> usage =
                count(
                        "user " + user.username(),
                        home,
                        MasterKeys.userS3SecretContext(user.username()),
                        skipped);
        usage.ifPresent(
                u -> quotas.recount(QuotaScope.Owner.USER, user.username(), u.bytes(), u.files()));
        if (usage.isPresent()) {
            SecretReseal.user(clients, users, user);
        }
        return usage.isPresent();
    }

    private boolean scanFolder(VirtualFolder folder, List<Skipped> skipped) {
        StorageLocation location;
        switch (StorageLocation.folder(folder.name(), folder.filesystem(), defaultBucket)) {
            case StorageLocation.Located located -> location = located.location();
            case StorageLocation.Refused refused -> {
                skipped.add(
                        new Skipped(
                                "folder " + folder.name(), defaultBucket, refused.reason(), false));
                return false;
            }
        }
        Optional<UsageScanner.Usage> usage =
                count(
                        "folder " + folder.name(),
                        location,
                        MasterKeys.folderS3SecretContext(folder.name()),
                        skipped);
        usage.ifPresent(
                u -> quotas.recount(QuotaScope.Owner.FOLDER, folder.name(), u.bytes(), u.files()));
        if (usage.isPresent()) {
            SecretReseal.folder(clients, folders, folder);
        }
        return usage.isPresent();
    }

    /**
     * Lists one owner's storage. A failure there (a bucket the role may not read, one that does not
     * exist, an endpoint that does not answer, a secret that does not open) is that owner's: it is
     * recorded and the scan goes on with the others, leaving this owner's counters alone.
     */
    private Optional<UsageScanner.Usage> count(
            String owner, StorageLocation location, String secretContext, List<Skipped> skipped) {
        try {
            return Optional.of(
                    UsageScanner.scan(
                            clients.clientFor(location, secretContext),
                            location.bucket(),
                            location.prefix()));
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
            boolean installation =
                    clients.usesInstallationClient(location)
                            && location.bucket().equals(defaultBucket);
            skipped.add(new Skipped(owner, location.bucket(), reason(e), installation));
            return Optional.empty();
        }
    }

    /** What went wrong, in words an operator can act on (never a secret: S3 errors carry none). */
    static String reason(Exception e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String hint =
                    switch (String.valueOf(code)) {
                        case "AccessDenied",
                                "AllAccessDisabled",
                                "InvalidAccessKeyId",
                                "SignatureDoesNotMatch" ->
                                ": the installation's role was not granted this bucket (list it in the CDK parameter extraBuckets)"
                                        + " or the user's own s3config credentials are wrong";
                        case "NoSuchBucket" ->
                                ": the bucket does not exist (or not in this region)";
                        default -> "";
                    };
            return code + " (HTTP " + aws.statusCode() + ")" + hint;
        }
        if (e instanceof SdkClientException) {
            return "S3 did not answer: " + e.getMessage();
        }
        return "cannot reach the bucket: " + e.getMessage();
    }
}
