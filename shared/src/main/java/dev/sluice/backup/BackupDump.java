package dev.sluice.backup;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.apikeys.ApiKeyStore;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.folders.FolderStore;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.fs.FilesystemConfig;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.retention.RetentionPolicyStore;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.Secret;
import dev.sluice.secrets.SecretSealer;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dump of every user, folder, admin, API key and retention policy (SFTPGo's {@code
 * dumpdata}). Files are not part of it: they stay in S3.
 *
 * <p>Password hashes and S3 secrets are sealed for the dump ({@link DumpSeal}) unless {@link
 * SecretExport#PLAIN} is asked for. API keys go out with their stored hash: a SHA-256 of 144 random
 * bits, useless to whoever reads the file.
 */
public final class BackupDump {

    /**
     * SFTPGo's dump format version written: that of SFTPGo 2.7, whose object shapes Sluice accepts.
     */
    public static final int VERSION = 17;

    private static final Logger log = LoggerFactory.getLogger(BackupDump.class);

    private final UserStore users;
    private final FolderStore folders;
    private final AdminStore admins;
    private final ApiKeyStore apiKeys;
    private final RetentionPolicyStore policies;
    private final SecretSealer cipher;
    private final DumpSeal seal;

    public BackupDump(
            UserStore users,
            FolderStore folders,
            AdminStore admins,
            ApiKeyStore apiKeys,
            RetentionPolicyStore policies,
            SecretSealer cipher,
            DumpSeal seal) {
        this.users = users;
        this.folders = folders;
        this.admins = admins;
        this.apiKeys = apiKeys;
        this.policies = policies;
        this.cipher = cipher;
        this.seal = seal;
    }

    /** Everything, with secrets in the form {@code export} says. */
    public BackupData dump(SecretExport export) {
        List<User> userList = new ArrayList<>();
        for (User u : users.all()) {
            userList.add(user(u, export));
        }
        List<VirtualFolder> folderList = new ArrayList<>();
        for (VirtualFolder f : folders.all()) {
            folderList.add(
                    f.withFilesystem(
                            filesystem(
                                    f.filesystem(),
                                    MasterKeys.folderS3SecretContext(f.name()),
                                    export)));
        }
        List<Admin> adminList =
                all(admins::list).stream()
                        .map(
                                a ->
                                        a.withPassword(
                                                password(
                                                        a.password(),
                                                        DumpSeal.passwordContext(
                                                                "admins", a.username()),
                                                        export)))
                        .toList();
        // The binding is re-made by name at restore; the hash goes as stored.
        List<ApiKey> keyList = all(apiKeys::list).stream().map(k -> k.withBoundId(null)).toList();
        List<RetentionPolicy> policyList = all(policies::list);
        return new BackupData(
                userList,
                List.of(),
                folderList,
                adminList,
                keyList,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                policyList,
                VERSION);
    }

    private User user(User u, SecretExport export) {
        return u.toBuilder()
                .hasPassword(null)
                .password(
                        password(
                                u.password(),
                                DumpSeal.passwordContext("users", u.username()),
                                export))
                .filesystem(
                        filesystem(
                                u.filesystem(),
                                MasterKeys.userS3SecretContext(u.username()),
                                export))
                .build();
    }

    private String password(String hash, String context, SecretExport export) {
        if (hash == null || hash.isEmpty() || export == SecretExport.PLAIN) {
            return hash;
        }
        return seal.sealPassword(hash, context);
    }

    private FilesystemConfig filesystem(FilesystemConfig fs, String context, SecretExport export) {
        Secret stored = fs.s3config().accessSecret();
        if (stored == null) {
            return fs;
        }
        Secret out;
        try {
            String plain = cipher.decrypt(stored, context);
            out =
                    export == SecretExport.PLAIN
                            ? Secret.plain(plain)
                            : seal.sealSecret(plain, context);
        } catch (IllegalArgumentException stranded) {
            // A secret no key here opens cannot be carried; the restore reports the owner.
            log.warn(
                    "{}: the stored S3 secret does not open ({}); dumped as Redacted",
                    context,
                    stranded.getMessage());
            out = Secret.redacted();
        }
        return fs.withS3config(fs.s3config().withAccessSecret(out));
    }

    private static <T> List<T> all(Function<PageRequest, List<T>> lister) {
        List<T> out = new ArrayList<>();
        int offset = 0;
        List<T> page;
        do {
            page = lister.apply(new PageRequest(offset, PageRequest.MAX_LIMIT, SortOrder.ASC));
            out.addAll(page);
            offset += page.size();
        } while (page.size() == PageRequest.MAX_LIMIT);
        return out;
    }
}
