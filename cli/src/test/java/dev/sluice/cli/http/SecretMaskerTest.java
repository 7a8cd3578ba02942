package dev.sluice.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private final SecretMasker masker = new SecretMasker(new ObjectMapper());

    @Test
    void authenticationHeadersKeepOnlyTheirScheme() {
        assertThat(masker.header("Authorization", "Bearer eyJhbGciOi.x.y")).isEqualTo("Bearer ***");
        assertThat(masker.header("authorization", "Basic YWRtaW46cHc=")).isEqualTo("Basic ***");
        assertThat(masker.header("X-SFTPGO-API-KEY", "k.admin")).isEqualTo("***");
        assertThat(masker.header("Content-Type", "application/json")).isEqualTo("application/json");
    }

    @Test
    void secretFieldsAreMaskedAtAnyDepth() {
        String body =
                "{\"username\":\"alice\",\"password\":\"hunter22\",\"filesystem\":{\"s3config\":"
                        + "{\"access_key\":\"AKIA\",\"access_secret\":{\"status\":\"Plain\","
                        + "\"payload\":\"s3cr3t\"}}},\"users\":[{\"Password\":\"p2\"}],"
                        + "\"access_token\":\"jwt\",\"key\":\"apikey\"}";
        String masked = masker.body(body);
        assertThat(masked)
                .doesNotContain("hunter22", "s3cr3t", "p2", "jwt", "apikey")
                .contains(
                        "\"username\":\"alice\"",
                        "\"access_key\":\"AKIA\"",
                        "\"status\":\"Plain\"");
    }

    @Test
    void aBodyThatIsNotJsonIsShownByItsSizeOnly() {
        assertThat(masker.body("password=hunter22")).isEqualTo("(17 characters, not JSON)");
    }
}
