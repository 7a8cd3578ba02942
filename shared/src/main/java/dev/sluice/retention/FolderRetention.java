package dev.sluice.retention;

/**
 * One rule of a data retention check (SFTPGo's {@code FolderRetention}).
 *
 * @param path a directory as the user sees it; applies below it too unless a more specific rule
 *     exists
 * @param retention hours; files modified longer ago are deleted; 0 excludes the path
 * @param deleteEmptyDirs also delete directories left empty
 * @param ignoreUserPermissions delete even where the user could not
 */
public record FolderRetention(
        String path, int retention, boolean deleteEmptyDirs, boolean ignoreUserPermissions) {}
