package dev.sluice.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one login rule, every reason, for every protocol that asks it. */
class LoginConditionsTest {

    static final InetAddress HERE = Cidr.address("192.0.2.10").orElseThrow();
    static final long NOW = 1_000_000;

    static LoginConditions.Verdict check(
            User user, Protocol protocol, InetAddress from, LoginMethod method) {
        return LoginConditions.check(user, protocol, from, Optional.ofNullable(method), NOW);
    }

    static LoginConditions.Reason reason(LoginConditions.Verdict verdict) {
        return verdict instanceof LoginConditions.Refused refused ? refused.reason() : null;
    }

    static UserFilters filters(
            List<String> allowed,
            List<String> denied,
            List<String> methods,
            List<String> protocols) {
        return new UserFilters(allowed, denied, methods, protocols, null, 0, true);
    }

    @Test
    void eachConditionRefusesWithItsReason() {
        User ok = User.builder().username("u").build();
        assertThat(check(ok, Protocol.SSH, HERE, LoginMethod.PASSWORD))
                .isInstanceOf(LoginConditions.Allowed.class);
        assertThat(reason(check(ok.toBuilder().status(0).build(), Protocol.HTTP, HERE, null)))
                .isEqualTo(LoginConditions.Reason.DISABLED);
        assertThat(
                        reason(
                                check(
                                        ok.toBuilder().expirationDate(NOW).build(),
                                        Protocol.HTTP,
                                        HERE,
                                        null)))
                .isEqualTo(LoginConditions.Reason.EXPIRED);
        assertThat(check(ok.toBuilder().expirationDate(NOW + 1).build(), Protocol.HTTP, HERE, null))
                .isInstanceOf(LoginConditions.Allowed.class);
        User noHttp = ok.toBuilder().filters(filters(null, null, null, List.of("HTTP"))).build();
        assertThat(reason(check(noHttp, Protocol.HTTP, HERE, null)))
                .isEqualTo(LoginConditions.Reason.PROTOCOL_DENIED);
        assertThat(check(noHttp, Protocol.SSH, HERE, LoginMethod.PUBLIC_KEY))
                .isInstanceOf(LoginConditions.Allowed.class);
        User denied =
                ok.toBuilder()
                        .filters(
                                filters(
                                        List.of("192.0.2.0/24"),
                                        List.of("192.0.2.10/32"),
                                        null,
                                        null))
                        .build();
        assertThat(reason(check(denied, Protocol.SSH, HERE, LoginMethod.PASSWORD)))
                .as("denied_ip wins over allowed_ip")
                .isEqualTo(LoginConditions.Reason.ADDRESS_DENIED);
        User elsewhere =
                ok.toBuilder()
                        .filters(filters(List.of("198.51.100.0/24"), null, null, null))
                        .build();
        assertThat(reason(check(elsewhere, Protocol.HTTP, HERE, null)))
                .isEqualTo(LoginConditions.Reason.ADDRESS_NOT_ALLOWED);
        User noPassword =
                ok.toBuilder().filters(filters(null, null, List.of("password"), null)).build();
        assertThat(reason(check(noPassword, Protocol.SSH, HERE, LoginMethod.PASSWORD)))
                .isEqualTo(LoginConditions.Reason.METHOD_DENIED);
        assertThat(check(noPassword, Protocol.HTTP, HERE, null))
                .as("an API key is no login method")
                .isInstanceOf(LoginConditions.Allowed.class);
    }

    @Test
    void passwordOverSshDeniesSshPasswordsOnlyAndPasswordDeniesThemEverywhere() {
        User ok = User.builder().username("u").build();
        User noSshPassword =
                ok.toBuilder()
                        .filters(filters(null, null, List.of("password-over-SSH"), null))
                        .build();
        LoginConditions.Verdict refused =
                check(noSshPassword, Protocol.SSH, HERE, LoginMethod.PASSWORD);
        assertThat(reason(refused)).isEqualTo(LoginConditions.Reason.METHOD_DENIED);
        assertThat(((LoginConditions.Refused) refused).detail())
                .isEqualTo("login method password denied by password-over-SSH");
        assertThat(check(noSshPassword, Protocol.SSH, HERE, LoginMethod.KEYBOARD_INTERACTIVE))
                .as("keyboard-interactive is a method of its own")
                .isInstanceOf(LoginConditions.Allowed.class);
        assertThat(check(noSshPassword, Protocol.SSH, HERE, LoginMethod.PUBLIC_KEY))
                .isInstanceOf(LoginConditions.Allowed.class);
        assertThat(check(noSshPassword, Protocol.FTP, HERE, LoginMethod.PASSWORD))
                .as("a password over another protocol")
                .isInstanceOf(LoginConditions.Allowed.class);
        User noPassword =
                ok.toBuilder().filters(filters(null, null, List.of("password"), null)).build();
        for (Protocol protocol : Protocol.values()) {
            assertThat(reason(check(noPassword, protocol, HERE, LoginMethod.PASSWORD)))
                    .as("password over %s", protocol)
                    .isEqualTo(LoginConditions.Reason.METHOD_DENIED);
        }
        assertThat(check(noPassword, Protocol.SSH, HERE, LoginMethod.KEYBOARD_INTERACTIVE))
                .isInstanceOf(LoginConditions.Allowed.class);
    }

    @Test
    void anUnknownClientAddressFailsEveryIpFilterClosed() {
        User ok = User.builder().username("u").build();
        assertThat(check(ok, Protocol.SSH, null, LoginMethod.PASSWORD))
                .isInstanceOf(LoginConditions.Allowed.class);
        User allowList =
                ok.toBuilder().filters(filters(List.of("0.0.0.0/0"), null, null, null)).build();
        assertThat(reason(check(allowList, Protocol.SSH, null, LoginMethod.PASSWORD)))
                .isEqualTo(LoginConditions.Reason.ADDRESS_NOT_ALLOWED);
        User denyList =
                ok.toBuilder()
                        .filters(filters(null, List.of("203.0.113.0/24"), null, null))
                        .build();
        assertThat(reason(check(denyList, Protocol.SSH, null, LoginMethod.PASSWORD)))
                .isEqualTo(LoginConditions.Reason.ADDRESS_DENIED);
    }
}
