package dev.sluice.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SFTPGo's login method names, as used in {@code filters.denied_login_methods}. */
public enum LoginMethod {
    PUBLIC_KEY("publickey"),
    PASSWORD("password"),
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
