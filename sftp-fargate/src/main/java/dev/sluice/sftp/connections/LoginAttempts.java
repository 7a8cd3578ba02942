package dev.sluice.sftp.connections;

import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * What one connection did before it logged in: the authentication requests it made (for {@code
 * SLUICE_MAX_AUTH_TRIES}), whether it tried any method at all, the user a public key was refused
 * for, and whether a protocol error was scored. Kept on the session, so a client that asks for the
 * user-auth service again starts nothing anew.
 */
final class LoginAttempts {

    /** The method a client sends first to learn which methods the server offers. */
    static final String NONE = "none";

    static final String PUBLIC_KEY = "publickey";

    private static final AttributeKey<LoginAttempts> KEY = new AttributeKey<>();

    private int requests;
    private int counted;
    private boolean triedAMethod;
    private boolean guessedASecret;
    private boolean credentialAccepted;
    private String publicKeyRefusedFor;
    private boolean protocolErrorScored;

    /** The session's record, made on first use. */
    static LoginAttempts of(Session session) {
        return session.computeAttributeIfAbsent(KEY, k -> new LoginAttempts());
    }

    /** The session's record, when it made any authentication request. */
    static Optional<LoginAttempts> peek(Session session) {
        return Optional.ofNullable(session.getAttribute(KEY));
    }

    /**
     * Counts an authentication request and says how many count against the limit. As OpenSSH's
     * {@code MaxAuthTries}: a first {@code none} request (the client asking which methods there
     * are) is not an attempt; every other request is, a public key query included.
     */
    synchronized int count(String method) {
        requests++;
        if (!NONE.equals(method)) {
            triedAMethod = true;
        }
        if (!NONE.equals(method) && !PUBLIC_KEY.equals(method)) {
            guessedASecret = true;
        }
        if (!(requests == 1 && NONE.equals(method))) {
            counted++;
        }
        return counted;
    }

    /**
     * Whether the connection tried a password or keyboard-interactive login: running out of
     * attempts with public keys only is an ssh-agent holding many keys (OpenSSH's "Too many
     * authentication failures"), not a guess, and is not a limit exceeded for the defender.
     */
    synchronized boolean guessedASecret() {
        return guessedASecret;
    }

    /** A credential was accepted (the login may still be refused, by {@code max_sessions}). */
    synchronized void credentialAccepted() {
        credentialAccepted = true;
    }

    /** Whether a credential was accepted: refused public keys before it count nothing. */
    synchronized boolean wasCredentialAccepted() {
        return credentialAccepted;
    }

    /** Whether the connection asked to log in with any method but {@code none}. */
    synchronized boolean triedAMethod() {
        return triedAMethod;
    }

    /** A public key (query or signature) was refused for {@code username}. */
    synchronized void publicKeyRefused(String username) {
        publicKeyRefusedFor = username;
    }

    /** The user the last public key was refused for, if any was. */
    synchronized Optional<String> publicKeyRefusedFor() {
        return Optional.ofNullable(publicKeyRefusedFor);
    }

    /** Marks a protocol error scored; true only the first time. */
    synchronized boolean firstProtocolError() {
        if (protocolErrorScored) {
            return false;
        }
        protocolErrorScored = true;
        return true;
    }

    /** Whether a protocol error was scored. */
    synchronized boolean protocolErrorScored() {
        return protocolErrorScored;
    }
}
