package dev.sluice.sftp.auth;

import dev.sluice.users.User;

/** What a login attempt came to. The client only ever learns accepted or not. */
public sealed interface LoginOutcome permits LoginOutcome.Accepted, LoginOutcome.Refused {

    record Accepted(User user) implements LoginOutcome {}

    /**
     * @param reason for the server log only, never sent to the client
     */
    record Refused(String reason) implements LoginOutcome {}
}
