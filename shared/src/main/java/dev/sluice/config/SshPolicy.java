package dev.sluice.config;

import java.util.Locale;

/**
 * A named set of SSH algorithms the SFTP server offers ({@link Settings#SSH_POLICY}), named as AWS
 * Transfer Family names its security policies: by the month they were fixed, so a name always means
 * the same lists and a newer set gets a newer name. The lists themselves live with the server
 * ({@code dev.sluice.sftp.ssh.Algorithms}); docs/sftp-server.md tabulates them.
 */
public enum SshPolicy {
    /**
     * The default: everything in {@link #SLUICE_2026_12_STRICT}, plus what real clients without ETM
     * MACs or curve25519 need and ssh-audit does not fail: {@code hmac-sha2-256} and {@code
     * hmac-sha2-512} (libssh2 1.10 as in curl, older SSH.NET) and the 4096/8192-bit Diffie-Hellman
     * groups with SHA-512.
     */
    SLUICE_2026_12,
    /**
     * Modern algorithms only: post-quantum hybrid and curve25519 key exchange, AES-GCM,
     * ChaCha20-Poly1305 and AES-CTR with encrypt-then-MAC SHA-2 MACs.
     */
    SLUICE_2026_12_STRICT;

    /** The name operators write: lower case, hyphens ({@code sluice-2026-12-strict}). */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
