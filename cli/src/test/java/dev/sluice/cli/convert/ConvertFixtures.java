package dev.sluice.cli.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fixtures generate.sh made with the real tools, and expected.json beside them. */
final class ConvertFixtures {

    private ConvertFixtures() {}

    static Path path(String relative) {
        try {
            return Path.of(ConvertFixtures.class.getResource("/convert/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The accounts expected.json lists for {@code source}. */
    static List<JsonNode> expected(String source) {
        try {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper()
                    .readTree(path("expected.json").toFile())
                    .path(source)
                    .forEach(out::add);
            assertThat(out).as("expected.json lists " + source).isNotEmpty();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<ConvertedUser> converted(Conversion conversion, String username) {
        return conversion.users().stream().filter(u -> u.username().equals(username)).findFirst();
    }

    static Optional<SkippedAccount> skipped(Conversion conversion, String username) {
        return conversion.skipped().stream().filter(s -> s.username().equals(username)).findFirst();
    }

    /**
     * Each account of expected.json is converted (with the hash format it names) or skipped (with
     * its reason), and the conversion holds no other account.
     */
    static void assertAsExpected(Conversion conversion, String source) {
        List<JsonNode> expected = expected(source);
        for (JsonNode account : expected) {
            String name = account.path("username").asText();
            if (account.path("outcome").asText().equals("converted")) {
                ConvertedUser user =
                        converted(conversion, name)
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        name
                                                                + " not converted: "
                                                                + conversion.skipped()));
                assertThat(
                                dev.sluice.passwords.HashFormat.detect(user.user().password())
                                        .displayName())
                        .as(name)
                        .isEqualTo(account.path("format").asText());
                assertThat(user.user().status()).isEqualTo(1);
                assertThat(user.user().permissions())
                        .containsExactly(java.util.Map.entry("/", List.of("*")));
                assertThat(user.user().filesystem().provider()).isZero();
                assertThat(user.user().homeDir()).isEqualTo(user.originalHome()).startsWith("/");
            } else {
                assertThat(skipped(conversion, name))
                        .as(name + " skipped")
                        .hasValueSatisfying(
                                s ->
                                        assertThat(s.reason())
                                                .contains(account.path("reason").asText()));
            }
        }
        assertThat(conversion.users().size() + conversion.skipped().size())
                .as("every account accounted for once")
                .isEqualTo(expected.size());
    }
}
