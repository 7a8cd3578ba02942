package dev.sluice.secrets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** SFTPGo's secret statuses. Sluice stores AES-256-GCM and accepts Plain and Redacted on input. */
public enum SecretStatus {
    PLAIN("Plain"),
    AES_256_GCM("AES-256-GCM"),
    SECRETBOX("Secretbox"),
    GCP("GCP"),
    AWS("AWS"),
    VAULT_TRANSIT("VaultTransit"),
    AZURE_KEY_VAULT("AzureKeyVault"),
    REDACTED("Redacted");

    private final String json;

    SecretStatus(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static SecretStatus fromJson(String value) {
        return Arrays.stream(values())
                .filter(s -> s.json.equals(value))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown secret status \""
                                                + value
                                                + "\"; allowed: "
                                                + names()));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(SecretStatus::json).toList();
    }
}
