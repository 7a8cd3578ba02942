package dev.sluice.lambdas.auth;

import java.time.Instant;
import java.util.List;

/**
 * What a verified access token says: who (name and identity), which token, until when, with which
 * permissions, and the stamp of the admin's credentials when it was issued.
 */
public record TokenClaims(
        String username,
        long adminId,
        String stamp,
        String tokenId,
        Instant expiresAt,
        List<String> permissions) {}
