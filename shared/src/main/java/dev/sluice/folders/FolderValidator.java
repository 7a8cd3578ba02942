package dev.sluice.folders;

import dev.sluice.fs.FilesystemValidator;
import dev.sluice.fs.StorageLocation;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;

/** The rules for a {@link VirtualFolder}; returns the normalised folder or throws. */
public final class FolderValidator {

    private FolderValidator() {}

    /**
     * @param installationBucket the installation's bucket, for the tenant rule of {@code
     *     filesystem}
     */
    public static VirtualFolder validate(VirtualFolder folder, String installationBucket) {
        Problems problems = new Problems();
        FieldRules.name(problems, "name", folder.name());
        FieldRules.maxLength(problems, "description", folder.description(), 4096);
        FieldRules.maxLength(problems, "mapped_path", folder.mappedPath(), 4096);
        FieldRules.nonNegative(problems, "used_quota_size", folder.usedQuotaSize(), "bytes");
        FieldRules.nonNegative(problems, "used_quota_files", folder.usedQuotaFiles(), "files");
        var filesystem =
                FilesystemValidator.validate(
                        folder.filesystem(),
                        problems.at("filesystem"),
                        new StorageLocation.Folder(folder.name()),
                        installationBucket);
        problems.throwIfAny();
        return folder.withFilesystem(filesystem);
    }
}
