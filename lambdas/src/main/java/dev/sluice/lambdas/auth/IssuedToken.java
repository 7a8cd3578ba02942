package dev.sluice.lambdas.auth;

/** SFTPGo's {@code Token}: {"access_token": "...", "expires_at": "2021-01-17T09:32:29Z"}. */
public record IssuedToken(String accessToken, String expiresAt) {}
