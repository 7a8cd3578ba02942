package dev.sluice.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SFTPGo's login method names, as used in {@code filters.denied_login_methods}.
 *
 * <p>As in SFTPGo, {@link #PASSWORD} names password logins over every protocol and {@link
 * #PASSWORD_OVER_SSH} only the SSH "password" method; keyboard-interactive is a method of its own.
 * {@link LoginConditions} decides what each denial refuses.
 */
public enum LoginMethod {
    PUBLIC_KEY("publickey"),
    PASSWORD("password"),
    /** A name for {@code denied_login_methods} only: no login reports it as its method. */
    PASSWORD_OVER_SSH("password-over-SSH"),
    KEYBOARD_INTERACTIVE("keyboard-interactive"),
    PUBLIC_KEY_AND_PASSWORD("publickey+password"),
    PUBLIC_KEY_AND_KEYBOARD_INTERACTIVE("publickey+keyboard-interactive"),
    TLS_CERTIFICATE("TLSCertificate"),
    TLS_CERTIFICATE_AND_PASSWORD("TLSCertificate+password");

    private final String json;

    LoginMethod(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<LoginMethod> parse(String name) {
        return Arrays.stream(values()).filter(m -> m.json.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LoginMethod::json).toList();
    }
}
