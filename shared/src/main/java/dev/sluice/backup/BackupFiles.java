package dev.sluice.backup;

import dev.sluice.fs.StorageLocation;
import dev.sluice.validation.Problems;
import java.util.regex.Pattern;

/**
 * Dumps kept in the installation's bucket under {@link StorageLocation#BACKUPS}: what {@code
 * dumpdata?output-file=<name>} writes and {@code loaddata?input-file=<name>} reads, for dumps
 * larger than an API call carries (a Lambda function answers at most 6 MB). A name is one file
 * name, never a path, so neither parameter reaches a tenant's files.
 */
public interface BackupFiles {

    /** The largest dump read from a file (a restore holds it in memory). */
    long MAX_INPUT_BYTES = 32L * 1024 * 1024;

    /** Where {@code name} lives, for answers and logs ({@code s3://bucket/sluice/backups/name}). */
    String location(String name);

    /** Writes {@code data} as {@code name}, replacing a file of that name. */
    void write(String name, byte[] data);

    /**
     * The file {@code name}.
     *
     * @throws NoSuchFile when there is none
     * @throws TooLarge when it is over {@link #MAX_INPUT_BYTES}
     */
    byte[] read(String name);

    /** No backup file of that name. */
    final class NoSuchFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoSuchFile(String location) {
            super("there is no dump at " + location);
        }
    }

    /** A file over {@link #MAX_INPUT_BYTES}. */
    final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String location, long size) {
            super(
                    location
                            + " holds "
                            + size
                            + " bytes; a restore reads at most "
                            + MAX_INPUT_BYTES
                            + ": split the dump");
        }
    }

    /** A file name: 1-200 of {@code A-Z a-z 0-9 . _ -}, not starting with a dot. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    /**
     * Checks {@code name} is a file name {@link #NAME} allows, for the query parameter {@code
     * field}.
     */
    static String checkName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            new Problems()
                    .add(
                            field,
                            name,
                            "must be a file name of 1-200 letters, digits, '.', '_' and '-' (not"
                                    + " starting with '.'); dumps live under s3://<bucket>/"
                                    + StorageLocation.BACKUPS)
                    .throwIfAny();
        }
        return name;
    }

    /** For an installation without a bucket for dumps: every use fails with a clear reason. */
    static BackupFiles unavailable() {
        return new BackupFiles() {
            @Override
            public String location(String name) {
                return StorageLocation.BACKUPS + name;
            }

            @Override
            public void write(String name, byte[] data) {
                throw new IllegalStateException("no bucket is configured for dumps");
            }

            @Override
            public byte[] read(String name) {
                throw new IllegalStateException("no bucket is configured for dumps");
            }
        };
    }
}
