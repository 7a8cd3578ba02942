package dev.sluice.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.admins.Admin;
import dev.sluice.apikeys.ApiKey;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.users.User;
import java.util.List;

/**
 * A dump, in SFTPGo's {@code BackupData} shape: what {@code GET /api/v2/dumpdata} answers and
 * {@code loaddata} reads. Sluice writes no groups, shares, event rules, roles or IP lists (it has
 * none); it adds {@code retention_policies}, which SFTPGo ignores when it loads the file.
 *
 * @param version SFTPGo's dump format version this file follows ({@link BackupDump#VERSION})
 */
public record BackupData(
        List<User> users,
        List<JsonNode> groups,
        List<VirtualFolder> folders,
        List<Admin> admins,
        List<ApiKey> apiKeys,
        List<JsonNode> shares,
        List<JsonNode> eventActions,
        List<JsonNode> eventRules,
        List<JsonNode> roles,
        List<JsonNode> ipLists,
        List<RetentionPolicy> retentionPolicies,
        int version) {}
