package dev.sluice.backup;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a dump carries password hashes and S3 secret keys ({@code secrets} query parameter). */
public enum SecretExport {
    /**
     * Sealed under a key derived from the master key ({@link DumpSeal}): only an installation
     * holding the same master key value restores them. The default.
     */
    SEALED,
    /**
     * As SFTPGo writes them: password hashes as they are, S3 secrets as {@code Plain}. For moving
     * to an installation with another master key (or back to SFTPGo); needs an admin with "*".
     */
    PLAIN;

    /** The query parameter's value. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SecretExport> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.id().equals(value)).findFirst();
    }
}
