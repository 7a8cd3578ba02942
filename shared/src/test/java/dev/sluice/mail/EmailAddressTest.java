package dev.sluice.mail;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ops@example.com",
                "first.last@mail.example.co.uk",
                "a@b.io",
                "reports+sluice@example.com",
                "o'brien@example.com",
                "x!#$%&'*+/=?^_`{|}~-@example.com",
                "UPPER@Example.COM",
                "a@xn--bcher-kva.example",
                "a@1.example.com"
            })
    void acceptsBareAddresses(String text) {
        EmailAddress address = EmailAddress.parse(text, "sender");
        assertThat(address.address()).isEqualTo(text);
        assertThat(address.displayName()).isEmpty();
        assertThat(address.localPart() + "@" + address.domain()).isEqualTo(text);
        assertThat(address).hasToString(text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "plainaddress|exactly one @",
                "a@b@example.com|exactly one @",
                "@example.com|nothing before the @",
                "ops@|nothing after the @",
                ".ops@example.com|must not start or end with a dot",
                "ops.@example.com|must not start or end with a dot",
                "o..ps@example.com|two dots in a row",
                "ops@localhost|a domain with a dot",
                "ops@-bad.example.com|dot-separated labels",
                "ops@bad-.example.com|dot-separated labels",
                "ops@exa_mple.com|dot-separated labels",
                "ops@example..com|dot-separated labels",
                "ops@example.com.|dot-separated labels",
                "ops@[192.0.2.1]|dot-separated labels",
                "ops@192.0.2.1|not an IP address",
                "jürgen@example.com|ASCII part before the @",
                "ops@bücher.example|xn-- form",
                "o(p)s@example.com|may only contain letters",
                "o\\ps@example.com|may only contain letters",
            })
    void refusesMalformedAddresses(String text, String problem) {
        assertThat(errorsOf(() -> EmailAddress.parse(text, "sender")))
                .singleElement()
                .asString()
                .startsWith("sender: ")
                .contains(problem);
    }

    @Test
    void refusesEmptyAndOverlongAddresses() {
        assertThat(errorsOf(() -> EmailAddress.parse("", "sender")))
                .containsExactly("sender: is required (an address such as reports@example.com)");
        assertThat(errorsOf(() -> EmailAddress.parse(null, "sender")))
                .containsExactly("sender: is required (an address such as reports@example.com)");
        String longLocal = "a".repeat(65) + "@example.com";
        assertThat(errorsOf(() -> EmailAddress.parse(longLocal, "sender")))
                .singleElement()
                .asString()
                .contains("at most 64 characters before the @");
        String longDomain = "a@" + ("b".repeat(60) + ".").repeat(5) + "com";
        assertThat(errorsOf(() -> EmailAddress.parse(longDomain, "sender")))
                .singleElement()
                .asString()
                .contains("at most 254 characters");
        String longLabel = "a@" + "b".repeat(64) + ".com";
        assertThat(errorsOf(() -> EmailAddress.parse(longLabel, "sender")))
                .singleElement()
                .asString()
                .contains("labels of 1-63");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "ops@example.com\r\nBcc: victim@example.org",
                "ops@example.com\nBcc: victim@example.org",
                "ops@example.com\r",
                "ops\u0000@example.com",
                "ops@example.com\u2028",
                "ops@example.com\t"
            })
    void refusesControlCharactersThatCouldAddHeaders(String hostile) {
        assertThat(errorsOf(() -> EmailAddress.parse(hostile, "recipients[0]")))
                .singleElement()
                .asString()
                .startsWith("recipients[0]: must not contain control characters");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "a@example.com,b@example.com|separate list entries",
                "a@example.com;b@example.com|separate list entries",
                "Ops <ops@example.com>|without angle brackets",
                "<ops@example.com>|without angle brackets",
                "\"ops\"@example.com|without angle brackets, quotes",
                "ops @example.com|without spaces",
                "ops@example.com (ops)|without spaces",
            })
    void refusesListsDisplayNamesAndQuoting(String hostile, String problem) {
        assertThat(errorsOf(() -> EmailAddress.parse(hostile, "sender")))
                .singleElement()
                .asString()
                .contains(problem);
    }

    @Test
    void aDisplayNameComesOnlyThroughItsOwnFactory() {
        EmailAddress named = EmailAddress.named("Sluice reports", "reports@example.com", "sender");
        assertThat(named.displayName()).contains("Sluice reports");
        assertThat(named).hasToString("reports@example.com");

        assertThat(
                        errorsOf(
                                () ->
                                        EmailAddress.named(
                                                "Sluice\r\nBcc: victim@example.org",
                                                "reports@example.com",
                                                "sender")))
                .singleElement()
                .asString()
                .startsWith("sender.display_name: must not contain control characters");
        assertThat(errorsOf(() -> EmailAddress.named(" ", "bad", "sender")))
                .hasSize(2)
                .anyMatch(e -> e.startsWith("sender: "))
                .anyMatch(e -> e.startsWith("sender.display_name: is required"));
        assertThat(errorsOf(() -> EmailAddress.named("x".repeat(101), "a@example.com", "sender")))
                .singleElement()
                .asString()
                .contains("at most 100 characters");
    }

    @Test
    void theConstructorChecksAsParseDoes() {
        assertThatThrownBy(() -> new EmailAddress("a@example.com\r\nBcc: x@y.z", Optional.empty()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("address: must not contain control characters");
        assertThatThrownBy(() -> new EmailAddress("a@example.com", Optional.of("A\nB")))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("display_name: ");
        assertThat(new EmailAddress("a@example.com", null).displayName()).isEmpty();
    }

    @Test
    void parseAllReportsEveryBadEntryAtOnce() {
        assertThat(EmailAddress.parseAll(List.of("a@example.com", "b@example.com"), "recipients"))
                .extracting(EmailAddress::address)
                .containsExactly("a@example.com", "b@example.com");
        assertThat(EmailAddress.parseAll(List.of(), "recipients")).isEmpty();

        assertThat(
                        errorsOf(
                                () ->
                                        EmailAddress.parseAll(
                                                List.of(
                                                        "a@example.com",
                                                        "nope",
                                                        "A@Example.com",
                                                        "c@example.com\r\nBcc: x@y.z"),
                                                "recipients")))
                .containsExactly(
                        "recipients[1]: must be one address such as reports@example.com (exactly"
                                + " one @) (got \"nope\")",
                        "recipients[2]: is listed twice (also recipients[0]) (got"
                                + " \"A@Example.com\")",
                        "recipients[3]: must not contain control characters such as CR, LF or"
                                + " NUL (got \"c@example.com\r\nBcc: x@y.z\")");
        assertThat(errorsOf(() -> EmailAddress.parseAll(null, "recipients")))
                .containsExactly("recipients: is required (a list of e-mail addresses)");
    }

    @Test
    void parseAllRefusesMoreRecipientsThanSesTakes() {
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add("user" + i + "@example.com");
        }
        assertThat(EmailAddress.parseAll(fifty, "recipients")).hasSize(50);
        List<String> fiftyOne = new ArrayList<>(fifty);
        fiftyOne.add("one-more@example.com");
        assertThat(errorsOf(() -> EmailAddress.parseAll(fiftyOne, "recipients")))
                .containsExactly(
                        "recipients: must list at most 50 addresses (SES sends one message to at"
                                + " most 50 recipients) (got \"51 addresses\")");
    }
}
