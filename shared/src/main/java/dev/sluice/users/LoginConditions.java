package dev.sluice.users;

import dev.sluice.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Whether a user may log in now, whatever the protocol (SFTPGo's {@code CheckLoginConditions}): the
 * one rule the SFTP server and the REST API (user-scope API keys) both ask, before any credential
 * is checked. In order: {@code status}, {@code expiration_date}, {@code denied_protocols}, {@code
 * denied_ip} then {@code allowed_ip}, {@code denied_login_methods} ({@code password} refuses
 * password logins over every protocol, {@code password-over-SSH} only over SSH). Limits that belong
 * to one protocol ({@code max_sessions} for SSH sessions) stay with it.
 */
public final class LoginConditions {

    /**
     * Why a login was refused: for logs and metrics, never for the client (every refusal looks
     * alike).
     */
    public enum Reason {
        DISABLED,
        EXPIRED,
        PROTOCOL_DENIED,
        ADDRESS_DENIED,
        ADDRESS_NOT_ALLOWED,
        METHOD_DENIED
    }

    /** The verdict. */
    public sealed interface Verdict permits Allowed, Refused {}

    public record Allowed() implements Verdict {}

    /**
     * @param detail what exactly, for the server log
     */
    public record Refused(Reason reason, String detail) implements Verdict {}

    private LoginConditions() {}

    /**
     * @param client the client's address (the real one: PROXY protocol or API Gateway's source IP);
     *     null when unknown, which fails any IP filter closed
     * @param method the login method, when the protocol has one (an API key has none)
     */
    public static Verdict check(
            User user,
            Protocol protocol,
            InetAddress client,
            Optional<LoginMethod> method,
            long nowMillis) {
        if (!user.isEnabled()) {
            return new Refused(Reason.DISABLED, "account disabled");
        }
        if (user.isExpiredAt(nowMillis)) {
            return new Refused(Reason.EXPIRED, "account expired");
        }
        if (user.filters().deniedProtocols().contains(protocol.name())) {
            return new Refused(
                    Reason.PROTOCOL_DENIED, protocol.name() + " denied for this account");
        }
        UserFilters filters = user.filters();
        if (!filters.deniedIp().isEmpty()
                && (client == null || matchesAny(filters.deniedIp(), client))) {
            return new Refused(
                    Reason.ADDRESS_DENIED, "client address " + describe(client) + " in denied_ip");
        }
        if (!filters.allowedIp().isEmpty()
                && (client == null || !matchesAny(filters.allowedIp(), client))) {
            return new Refused(
                    Reason.ADDRESS_NOT_ALLOWED,
                    "client address " + describe(client) + " not in allowed_ip");
        }
        if (method.isPresent()) {
            Optional<String> denial = denial(filters, protocol, method.get());
            if (denial.isPresent()) {
                return new Refused(
                        Reason.METHOD_DENIED,
                        "login method " + method.get().json() + " denied by " + denial.get());
            }
        }
        return new Allowed();
    }

    /**
     * The {@code denied_login_methods} entry that refuses {@code method} over {@code protocol}, if
     * any (SFTPGo's {@code IsLoginMethodAllowed}): the method's own name, and for a password over
     * SSH also {@code password-over-SSH}.
     */
    private static Optional<String> denial(
            UserFilters filters, Protocol protocol, LoginMethod method) {
        List<String> denied = filters.deniedLoginMethods();
        if (denied.contains(method.json())) {
            return Optional.of(method.json());
        }
        if (protocol == Protocol.SSH
                && method == LoginMethod.PASSWORD
                && denied.contains(LoginMethod.PASSWORD_OVER_SSH.json())) {
            return Optional.of(LoginMethod.PASSWORD_OVER_SSH.json());
        }
        return Optional.empty();
    }

    private static boolean matchesAny(List<String> cidrs, InetAddress client) {
        return cidrs.stream()
                .map(Cidr::parse)
                .flatMap(Optional::stream)
                .anyMatch(c -> c.contains(client));
    }

    private static String describe(InetAddress client) {
        return client == null ? "(unknown)" : client.getHostAddress();
    }
}
