package dev.sluice.quota;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.StorageLocation;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import dev.sluice.fs.S3ClientFactory;
import dev.sluice.secrets.MasterKeys;

/**
 * Recounts quota usage from S3 and sets the counters to what is really stored (SFTPGo's quota
 * scan). A user's scan covers the home; each virtual folder is scanned on its own. An upload that
 * completes while a scan lists may be counted by neither; the next scan puts it right. Lapsed
 * quota leases are reaped first, and what live ones hold stays in the counters ({@code UsageCounters#set}).
 */
public final class QuotaScan {

    /** What to scan: everyone, one user, or one folder. */
    public sealed interface Scope permits All, OneUser, OneFolder {
    }

    public record All() implements Scope {
    }

    public record OneUser(String username) implements Scope {
    }

    public record OneFolder(String name) implements Scope {
    }

    /** What a scan did. */
    public record Result(int usersScanned, int foldersScanned, List<String> missing) {
    }

    private final UserStore users;
    private final FolderStore folders;
    private final S3ClientFactory clients;
    private final String defaultBucket;
    private final Clock clock;
    private final Optional<QuotaReaper> reaper;

    public QuotaScan(UserStore users, FolderStore folders, S3ClientFactory clients,
                     String defaultBucket, Clock clock) {
        this(users, folders, clients, defaultBucket, clock, Optional.empty());
    }

    public QuotaScan(UserStore users, FolderStore folders, S3ClientFactory clients,
                     String defaultBucket, Clock clock, Optional<QuotaReaper> reaper) {
        this.reaper = reaper;
        this.users = users;
        this.folders = folders;
        this.clients = clients;
        this.defaultBucket = defaultBucket;
        this.clock = clock;
    }

    public Result run(Scope scope) {
        reaper.ifPresent(QuotaReaper::reapLapsed);
        return switch (scope) {
            case All all -> {
                int u = 0;
                int f = 0;
                for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
                    List<User> page = users.list(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
                    page.forEach(this::scanUser);
                    u += page.size();
                    if (page.size() < PageRequest.MAX_LIMIT) {
                        break;
                    }
                }
                for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
                    List<VirtualFolder> page = folders.list(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
                    page.forEach(this::scanFolder);
                    f += page.size();
                    if (page.size() < PageRequest.MAX_LIMIT) {
                        break;
                    }
                }
                yield new Result(u, f, List.of());
            }
            case OneUser one -> {
                Optional<User> user = users.find(one.username());
                user.ifPresent(this::scanUser);
                yield new Result(user.isPresent() ? 1 : 0, 0, user.isPresent() ? List.of() : List.of("user " + one.username()));
            }
            case OneFolder one -> {
                Optional<VirtualFolder> folder = folders.find(one.name());
                folder.ifPresent(this::scanFolder);
                yield new Result(0, folder.isPresent() ? 1 : 0, folder.isPresent() ? List.of() : List.of("folder " + one.name()));
            }
        };
    }

    private void scanUser(User user) {
        StorageLocation home = StorageLocation.home(user.username(), user.filesystem(), defaultBucket);
        UsageScanner.Usage usage = UsageScanner.scan(
            clients.clientFor(home, MasterKeys.userS3SecretContext(user.username())), home.bucket(), home.prefix());
        users.usage().set(user.username(), usage.bytes(), (int) Math.min(Integer.MAX_VALUE, usage.files()), clock.millis());
    }

    private void scanFolder(VirtualFolder folder) {
        StorageLocation location = StorageLocation.folder(folder.name(), folder.filesystem(), defaultBucket);
        UsageScanner.Usage usage = UsageScanner.scan(
            clients.clientFor(location, MasterKeys.folderS3SecretContext(folder.name())), location.bucket(), location.prefix());
        folders.usage().set(folder.name(), usage.bytes(), (int) Math.min(Integer.MAX_VALUE, usage.files()), clock.millis());
    }
}
