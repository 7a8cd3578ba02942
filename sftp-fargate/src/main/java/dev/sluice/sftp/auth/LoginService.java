package dev.sluice.sftp.auth;

import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.users.AuthorizedKey;
import dev.sluice.users.LoginConditions;
import dev.sluice.users.LoginMethod;
import dev.sluice.users.Protocol;
import dev.sluice.users.User;
import dev.sluice.users.UserStore;
import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a user may log in over SSH: the account's state ({@code status}, {@code
 * expiration_date}, {@code denied_protocols}), where the client connects from ({@code denied_ip}
 * first, then {@code allowed_ip}), how ({@code denied_login_methods}) and finally the credential.
 * Every refusal looks the same to the client; the reason goes to the log. {@code max_sessions} is
 * decided after the credential, by the session registry, with a disconnect that says why (only
 * someone holding the credential learns the account is busy).
 *
 * <p>It also tells the defender about each refused password: a user that does not exist is {@link
 * HostEvent#USER_NOT_FOUND}, a wrong password or a login the account's rules refuse is {@link
 * HostEvent#LOGIN_FAILED}. A refused public key is not scored here: the same question is asked for
 * a key query and for its signature, and ssh-agent offers several keys before the right one; the
 * connection's refused keys are scored once, when it ends without logging in ({@link
 * #publicKeyLoginFailed}).
 */
public final class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    /** Verified when the user does not exist, so the answer takes as long as for a real user. */
    private static final String DUMMY_HASH;

    static {
        DUMMY_HASH = new PasswordHasher().hash("sluice-no-such-user-" + System.nanoTime());
    }

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Defender defender;

    /**
     * @param users where the accounts are
     * @param hasher verifies passwords
     * @param clock the time for expiration dates
     * @param defender hears of refused logins
     */
    public LoginService(UserStore users, PasswordHasher hasher, Clock clock, Defender defender) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.defender = defender;
    }

    /** Password and keyboard-interactive logins. */
    public LoginOutcome password(
            String username, String password, InetAddress client, LoginMethod method) {
        Optional<User> found = users.find(username);
        if (found.isEmpty()) {
            hasher.verify(password, DUMMY_HASH);
            return scored(
                    refused(username, client, "no such user"), client, HostEvent.USER_NOT_FOUND);
        }
        User user = found.get();
        Optional<String> gate = gate(user, client, method);
        if (gate.isPresent()) {
            return scored(refused(username, client, gate.get()), client, HostEvent.LOGIN_FAILED);
        }
        String stored = user.password();
        if (stored == null || stored.isEmpty() || !hasher.verify(password, stored)) {
            return scored(
                    refused(username, client, "wrong password"), client, HostEvent.LOGIN_FAILED);
        }
        if (hasher.needsRehash(stored)) {
            upgradeHash(username, stored, password);
        }
        return new LoginOutcome.Accepted(user);
    }

    /** Public key logins; called for the key query and again with the signature. */
    public LoginOutcome publicKey(String username, PublicKey key, InetAddress client) {
        Optional<User> found = users.find(username);
        if (found.isEmpty()) {
            return refused(username, client, "no such user");
        }
        User user = found.get();
        Optional<String> gate = gate(user, client, LoginMethod.PUBLIC_KEY);
        if (gate.isPresent()) {
            return refused(username, client, gate.get());
        }
        AuthorizedKey offered;
        try {
            if (!(AuthorizedKey.parse(PublicKeyEntry.toString(key))
                    instanceof AuthorizedKey.Valid valid)) {
                return refused(username, client, "unsupported key type " + key.getAlgorithm());
            }
            offered = valid.key();
        } catch (IllegalArgumentException e) {
            return refused(username, client, "unsupported key " + key.getAlgorithm());
        }
        boolean known =
                user.publicKeys().stream()
                        .map(AuthorizedKey::parse)
                        .anyMatch(
                                p ->
                                        p instanceof AuthorizedKey.Valid v
                                                && v.key().sameKeyAs(offered));
        return known
                ? new LoginOutcome.Accepted(user)
                : refused(username, client, "unknown public key");
    }

    /**
     * A connection ends without logging in after public keys were refused for {@code username}: one
     * failed login for the defender, of a user that does not exist or of one that does.
     */
    public void publicKeyLoginFailed(String username, InetAddress client) {
        HostEvent event;
        try {
            event =
                    users.find(username).isEmpty()
                            ? HostEvent.USER_NOT_FOUND
                            : HostEvent.LOGIN_FAILED;
        } catch (RuntimeException e) {
            // The table cannot say: the smaller score.
            event = HostEvent.LOGIN_FAILED;
        }
        defender.record(client, event);
    }

    /**
     * The account and connection rules: the shared {@link LoginConditions} (max_sessions is decided
     * at admission).
     */
    Optional<String> gate(User user, InetAddress client, LoginMethod method) {
        if (LoginConditions.check(user, Protocol.SSH, client, Optional.of(method), clock.millis())
                instanceof LoginConditions.Refused refused) {
            return Optional.of(refused.detail());
        }
        return Optional.empty();
    }

    /** Replaces a legacy hash with argon2id, only if the stored hash is still the one verified. */
    private void upgradeHash(String username, String verifiedHash, String password) {
        try {
            String fresh = hasher.hash(password);
            users.update(
                    username,
                    u ->
                            Objects.equals(u.password(), verifiedHash)
                                    ? u.toBuilder().password(fresh).build()
                                    : u);
        } catch (RuntimeException e) {
            log.warn("could not upgrade the password hash of {}: {}", username, e.toString());
        }
    }

    private LoginOutcome scored(LoginOutcome outcome, InetAddress client, HostEvent event) {
        defender.record(client, event);
        return outcome;
    }

    private static LoginOutcome refused(String username, InetAddress client, String reason) {
        log.info(
                "login refused for user \"{}\" from {}: {}",
                username,
                client == null ? "?" : client.getHostAddress(),
                reason);
        return new LoginOutcome.Refused(reason);
    }
}
