package dev.sluice.local;

import dev.sluice.fs.StorageLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds files a data folder keeps in the layout of Sluice before issue 10 (homes at {@code
 * <username>/}; now {@code users/<username>/}). They are not moved automatically: a user once named
 * {@code users} or {@code folders} had a home that now reads as other tenants' areas, which only a
 * person can sort out. Instead the start prints what it found and how to move it.
 */
final class LegacyLayout {

    private static final Set<String> AREAS =
            Set.of(StorageLocation.HOMES, StorageLocation.FOLDERS, StorageLocation.INTERNAL);
    private static final int SHOWN = 20;

    private LegacyLayout() {}

    /**
     * @param bucketFolder where the bucket's objects are on disk (for the commands in the warning)
     * @return a warning naming the old keys and how to move them; empty when the bucket holds none
     */
    static Optional<String> check(S3Client s3, String bucket, Path bucketFolder) {
        ListObjectsV2Response top =
                s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(1000));
        List<String> homes = new ArrayList<>();
        for (CommonPrefix prefix : top.commonPrefixes()) {
            if (!AREAS.contains(prefix.prefix())) {
                homes.add(prefix.prefix());
            }
        }
        List<String> loose = new ArrayList<>(top.contents().stream().map(S3Object::key).toList());
        // Under the new layout users/ and folders/ hold only <name>/ prefixes: a file right below
        // one
        // was in the home of a user named "users" or "folders".
        for (String area : List.of(StorageLocation.HOMES, StorageLocation.FOLDERS)) {
            s3.listObjectsV2(b -> b.bucket(bucket).prefix(area).delimiter("/").maxKeys(1000))
                    .contents()
                    .forEach(o -> loose.add(o.key()));
        }
        if (homes.isEmpty() && loose.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder w =
                new StringBuilder(
                        "this data folder has files in the layout of an earlier Sluice, where a home was"
                                + " <username>/; homes are now users/<username>/ (so a user named \"folders\" can no longer reach virtual folders)."
                                + " Until they are moved, their owners see them missing.");
        if (!homes.isEmpty()) {
            w.append("\n  Old homes: ")
                    .append(shown(homes))
                    .append(
                            "\n  Stop Sluice, then move each below users/ (merge"
                                    + " by hand if users/<name>/ exists already):\n    cd '")
                    .append(bucketFolder.toAbsolutePath())
                    .append("' && mkdir -p users");
            for (String home : homes.subList(0, Math.min(SHOWN, homes.size()))) {
                String name = home.substring(0, home.length() - 1);
                w.append(" && mv -n '").append(name).append("' users/");
            }
        }
        if (!loose.isEmpty()) {
            w.append(
                            "\n  Files outside any home or folder (a user named \"users\" or \"folders\", or objects put there by"
                                    + " hand): ")
                    .append(shown(loose))
                    .append("\n  Move them into the right users/<username>/ by hand.");
        }
        return Optional.of(w.toString());
    }

    private static String shown(List<String> keys) {
        return String.join(", ", keys.subList(0, Math.min(SHOWN, keys.size())))
                + (keys.size() > SHOWN ? " and " + (keys.size() - SHOWN) + " more" : "");
    }
}
