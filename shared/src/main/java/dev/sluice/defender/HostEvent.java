package dev.sluice.defender;

/**
 * What a source address did that counts against it. The names follow SFTPGo's host events; each is
 * weighted by its own score ({@link DefenderSettings#scoreOf}).
 */
public enum HostEvent {
    /** A login of an existing user with a wrong credential ({@code score_valid}). */
    LOGIN_FAILED,
    /** A login naming a user that does not exist ({@code score_invalid}). */
    USER_NOT_FOUND,
    /** A connection that ended without any authentication attempt ({@code score_no_auth}). */
    NO_LOGIN_TRIED,
    /**
     * A limit exceeded: too many authentication attempts on one connection, too many
     * unauthenticated connections from one address ({@code score_limit_exceeded}).
     */
    LIMIT_EXCEEDED,
    /**
     * A connection that broke the protocol before logging in: a bad identification line, a failed
     * key exchange, a corrupt packet ({@code score_protocol_error}, Sluice's own).
     */
    PROTOCOL_ERROR
}
