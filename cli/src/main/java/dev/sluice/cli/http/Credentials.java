package dev.sluice.cli.http;

/** How the CLI proves who it is. */
public sealed interface Credentials {

    /** No credentials: only unauthenticated routes answer. */
    record None() implements Credentials {}

    /**
     * An API key, sent as {@code X-SFTPGO-API-KEY}.
     *
     * @param key the key as {@code POST /api/v2/apikeys} showed it
     */
    record ApiKey(String key) implements Credentials {
        @Override
        public String toString() {
            return "ApiKey[***]";
        }
    }

    /**
     * An admin's name and password, exchanged for a token ({@code GET /api/v2/token}).
     *
     * @param username the admin
     * @param password the admin's password
     */
    record Basic(String username, String password) implements Credentials {
        @Override
        public String toString() {
            return "Basic[" + username + ", ***]";
        }
    }
}
