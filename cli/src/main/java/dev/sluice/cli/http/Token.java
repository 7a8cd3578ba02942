package dev.sluice.cli.http;

import java.time.Instant;

/**
 * An access token and when it stops working.
 *
 * @param accessToken the JWT
 * @param expiresAt its expiry as the API stated it
 */
public record Token(String accessToken, Instant expiresAt) {

    /** Whether it still works at {@code now} with a margin for the request in flight. */
    public boolean usableAt(Instant now) {
        return now.plusSeconds(30).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Token[***, " + expiresAt + "]";
    }
}
