package dev.sluice.folders;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.SecretSealer;
import dev.sluice.users.UserService;
import dev.sluice.validation.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Managing virtual folders, for the REST API and restores alike. */
public final class FolderService {

    private final FolderStore folders;
    private final SecretSealer cipher;
    private final Clock clock;
    private final String installationBucket;

    /**
     * @param installationBucket the installation's bucket ({@code SLUICE_BUCKET}): where provider-0
     *     folders live
     */
    public FolderService(
            FolderStore folders, SecretSealer cipher, Clock clock, String installationBucket) {
        this.folders = folders;
        this.cipher = cipher;
        this.clock = clock;
        this.installationBucket = installationBucket;
    }

    public WriteResult<VirtualFolder> create(VirtualFolder input, boolean keepUsage) {
        VirtualFolder folder =
                FolderValidator.validate(input, installationBucket).withUsers(List.of());
        folder =
                folder.withFilesystem(
                        UserService.sealSecret(
                                folder.filesystem(), null, cipher, context(folder.name())));
        if (!keepUsage) {
            folder = folder.withUsage(0, 0, 0);
        }
        return folders.create(folder).map(VirtualFolder::redacted);
    }

    public WriteResult<VirtualFolder> update(String name, VirtualFolder input) {
        if (input.name() != null && !input.name().isEmpty() && !input.name().equals(name)) {
            new Problems()
                    .add(
                            "name",
                            input.name(),
                            "does not match the folder being updated (\""
                                    + name
                                    + "\"); folder names cannot be changed")
                    .throwIfAny();
        }
        Optional<Versioned<VirtualFolder>> current = folders.get(name);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(name);
        }
        VirtualFolder folder =
                FolderValidator.validate(
                        new VirtualFolder(
                                name,
                                input.mappedPath(),
                                input.description(),
                                0,
                                0,
                                0,
                                List.of(),
                                input.filesystem()),
                        installationBucket);
        return folders.update(
                        name,
                        stored ->
                                folder.withFilesystem(
                                                UserService.sealSecret(
                                                        folder.filesystem(),
                                                        stored.filesystem(),
                                                        cipher,
                                                        context(name)))
                                        .withUsage(
                                                stored.usedQuotaSize(),
                                                stored.usedQuotaFiles(),
                                                stored.lastQuotaUpdate()))
                .map(VirtualFolder::redacted);
    }

    public WriteResult<VirtualFolder> delete(String name) {
        return folders.delete(name).map(VirtualFolder::redacted);
    }

    public Optional<VirtualFolder> get(String name) {
        return folders.find(name).map(VirtualFolder::redacted);
    }

    public List<VirtualFolder> list(PageRequest page) {
        return folders.list(page).stream().map(VirtualFolder::redacted).toList();
    }

    private static String context(String name) {
        return MasterKeys.folderS3SecretContext(name);
    }
}
