package dev.sluice.lambdas.auth;

import java.time.Instant;
import java.util.List;

/** What a verified access token says: who, which token, until when, with which permissions. */
public record TokenClaims(String username, String tokenId, Instant expiresAt, List<String> permissions) {
}
