package dev.sluice.quota;

/**
 * The S3 object an upload writes, recorded with its quota lease so that a reaper can tell whether
 * the upload completed before its owner died (the object carries the lease id in its metadata) and
 * can abort its multipart upload otherwise.
 *
 * @param storage whose storage settings reach the bucket: the user's home or a virtual folder
 * @param storageName the user or folder name
 */
public record LeasedObject(
        String bucket, String key, QuotaScope.Owner storage, String storageName) {}
