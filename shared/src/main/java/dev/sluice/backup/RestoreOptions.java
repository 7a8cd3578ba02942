package dev.sluice.backup;

/**
 * SFTPGo's {@code loaddata} parameters.
 *
 * @param mode what to do with objects that exist already
 * @param scanQuota which restored users get a quota scan
 */
public record RestoreOptions(Mode mode, ScanQuota scanQuota) {

    /** SFTPGo's {@code mode}. */
    public enum Mode {
        /** 0: add new objects, update existing ones. */
        ADD_AND_UPDATE,
        /** 1: add new objects, leave existing ones as they are. */
        ADD_ONLY,
        /** 2: as 0, and close the sessions of users whose account changed. */
        ADD_UPDATE_AND_DISCONNECT;

        /** The query parameter's value. */
        public int code() {
            return ordinal();
        }
    }

    /** SFTPGo's {@code scan-quota}. */
    public enum ScanQuota {
        /** 0: no scan. */
        NONE,
        /** 1: every restored user. */
        ALL,
        /** 2: restored users with a quota limit. */
        WITH_LIMITS;

        /** The query parameter's value. */
        public int code() {
            return ordinal();
        }
    }

    /** Mode 0, no scans: SFTPGo's defaults. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(Mode.ADD_AND_UPDATE, ScanQuota.NONE);
    }
}
