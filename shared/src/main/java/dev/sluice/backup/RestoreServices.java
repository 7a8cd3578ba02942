package dev.sluice.backup;

import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKeyService;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.folders.FolderService;
import dev.sluice.folders.FolderStore;
import dev.sluice.quota.QuotaScans;
import dev.sluice.retention.RetentionPolicies;
import dev.sluice.secrets.SecretSealer;
import dev.sluice.users.UserService;
import dev.sluice.users.UserStore;

/**
 * What a restore writes through: the same services the REST API uses (so every rule, delegation and
 * lockout check applies to a restored object as to a created one), the stores it compares with, and
 * the session and scan controls of {@code mode=2} and {@code scan-quota}.
 *
 * @param installationBucket where provider-0 homes and folders live ({@code SLUICE_BUCKET})
 */
public record RestoreServices(
        UserService users,
        UserStore userStore,
        FolderService folders,
        FolderStore folderStore,
        AdminService admins,
        AdminStore adminStore,
        ApiKeyService apiKeys,
        RetentionPolicies policies,
        ConnectionStore connections,
        QuotaScans quotaScans,
        SecretSealer cipher,
        DumpSeal seal,
        String installationBucket) {}
