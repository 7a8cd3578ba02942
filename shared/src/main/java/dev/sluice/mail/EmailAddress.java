package dev.sluice.mail;

import dev.sluice.validation.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One e-mail address a report may be sent from or to: a bare {@code local@domain} (RFC 5321
 * dot-atom local part in ASCII, a DNS domain name), optionally with a display name.
 *
 * <p>Deliberately narrower than RFC 5322: no quoted local parts, comments, address literals, groups
 * or lists. Whatever a user types here ends up in a mail header, so anything that could split or
 * add a header (CR, LF, NUL, commas, angle brackets) is refused rather than escaped.
 *
 * @param address the bare address, as given
 * @param displayName the name shown beside the address, if any
 */
public record EmailAddress(String address, Optional<String> displayName) {

    /** RFC 5321's limit on a forward path, less the angle brackets. */
    public static final int MAX_LENGTH = 254;

    /** SES v2 refuses a message with more recipients than this. */
    public static final int MAX_RECIPIENTS = 50;

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_LABEL = 63;
    private static final int MAX_DISPLAY_NAME = 100;
    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final String SHAPE = "must be one address such as reports@example.com";

    /**
     * Checks both parts, so no invalid address can be built even without {@link #parse}.
     *
     * @throws dev.sluice.validation.ValidationException naming field {@code address} or {@code
     *     display_name}
     */
    public EmailAddress {
        Problems problems = new Problems();
        check(problems, "address", address);
        if (displayName == null) {
            displayName = Optional.empty();
        }
        displayName.ifPresent(name -> checkDisplayName(problems, "display_name", name));
        problems.throwIfAny();
    }

    /**
     * Parses one bare address.
     *
     * @param text what the user gave
     * @param field the field name errors carry, e.g. {@code sender}
     * @return the address, without a display name
     * @throws dev.sluice.validation.ValidationException saying what is wrong and what is allowed
     */
    public static EmailAddress parse(String text, String field) {
        Problems problems = new Problems();
        check(problems, field, text);
        problems.throwIfAny();
        return new EmailAddress(text, Optional.empty());
    }

    /**
     * An address with the name mail programs show beside it ("Sluice reports").
     *
     * @param displayName 1-100 characters, no control characters; non-ASCII is encoded when sent
     * @param address a bare address as for {@link #parse}
     * @param field the field name errors carry (the display name's errors get {@code
     *     field.display_name})
     * @return the address with its display name
     * @throws dev.sluice.validation.ValidationException for either part
     */
    public static EmailAddress named(String displayName, String address, String field) {
        Problems problems = new Problems();
        check(problems, field, address);
        checkDisplayName(problems, field + ".display_name", displayName);
        problems.throwIfAny();
        return new EmailAddress(address, Optional.of(displayName));
    }

    /**
     * Parses a recipient list, reporting every bad entry at once ({@code field[2]}), refusing
     * duplicates (compared without regard to case) and more than {@value #MAX_RECIPIENTS}.
     *
     * @param texts the addresses as given; an empty list gives an empty result
     * @param field the list's field name, e.g. {@code recipients}
     * @return the addresses, in the order given
     * @throws dev.sluice.validation.ValidationException listing every problem found
     */
    public static List<EmailAddress> parseAll(List<String> texts, String field) {
        Problems problems = new Problems();
        if (texts == null) {
            problems.add(field, null, "is required (a list of e-mail addresses)");
            problems.throwIfAny();
            return List.of();
        }
        if (texts.size() > MAX_RECIPIENTS) {
            problems.add(
                    field,
                    texts.size() + " addresses",
                    "must list at most "
                            + MAX_RECIPIENTS
                            + " addresses (SES sends one message to at most "
                            + MAX_RECIPIENTS
                            + " recipients)");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<EmailAddress> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String entry = field + "[" + i + "]";
            String text = texts.get(i);
            Problems own = new Problems();
            check(own, entry, text);
            if (!own.isEmpty()) {
                own.errors().forEach(e -> problems.add(e.field(), e.value(), e.problem()));
                continue;
            }
            Integer first = seen.putIfAbsent(text.toLowerCase(Locale.ROOT), i);
            if (first != null) {
                problems.add(entry, text, "is listed twice (also " + field + "[" + first + "])");
            } else {
                out.add(new EmailAddress(text, Optional.empty()));
            }
        }
        problems.throwIfAny();
        return List.copyOf(out);
    }

    /** The part before the {@code @}. */
    public String localPart() {
        return address.substring(0, address.lastIndexOf('@'));
    }

    /** The part after the {@code @}. */
    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** The bare address, so logs never carry a display name's odd characters. */
    @Override
    public String toString() {
        return address;
    }

    /** Whether {@code other} is the same mailbox (addresses compared without regard to case). */
    boolean sameMailbox(EmailAddress other) {
        return address.equalsIgnoreCase(other.address);
    }

    private static void check(Problems problems, String field, String text) {
        Optional<String> problem = problemWith(text);
        if (problem.isPresent()) {
            problems.add(field, text == null || text.isEmpty() ? null : text, problem.get());
        }
    }

    /** The first thing wrong with {@code text} as a bare address, most dangerous first. */
    private static Optional<String> problemWith(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("is required (an address such as reports@example.com)");
        }
        if (text.chars().anyMatch(EmailAddress::isControl)) {
            return Optional.of("must not contain control characters such as CR, LF or NUL");
        }
        if (text.indexOf(',') >= 0 || text.indexOf(';') >= 0) {
            return Optional.of(SHAPE + "; give several addresses as separate list entries");
        }
        if (text.indexOf('<') >= 0 || text.indexOf('>') >= 0 || text.indexOf('"') >= 0) {
            return Optional.of(SHAPE + ", without angle brackets, quotes or a display name");
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of(SHAPE + ", without spaces");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        int at = text.indexOf('@');
        if (at < 0 || at != text.lastIndexOf('@')) {
            return Optional.of(SHAPE + " (exactly one @)");
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        if (local.isEmpty()) {
            return Optional.of(SHAPE + " (nothing before the @)");
        }
        if (domain.isEmpty()) {
            return Optional.of(SHAPE + " (nothing after the @)");
        }
        return localPartProblem(local).or(() -> domainProblem(domain));
    }

    private static Optional<String> localPartProblem(String local) {
        if (!local.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(
                    "must have an ASCII part before the @ (internationalised addresses are not"
                            + " supported)");
        }
        if (local.length() > MAX_LOCAL_PART) {
            return Optional.of(
                    "must have at most " + MAX_LOCAL_PART + " characters before the @ (RFC 5321)");
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return Optional.of(
                        "must not start or end with a dot, nor have two dots in a row, before"
                                + " the @");
            }
            if (!ATOM.matcher(atom).matches()) {
                return Optional.of(
                        "may only contain letters, digits, dots and ! # $ % & ' * + - / = ? ^ _ `"
                                + " { | } ~ before the @");
            }
        }
        return Optional.empty();
    }

    /**
     * The first thing wrong with {@code domain} as a DNS name of two or more labels, or empty.
     * Package-private: Message-IDs are built on a domain checked the same way.
     */
    static Optional<String> domainProblem(String domain) {
        if (!domain.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(
                    "must have an ASCII domain (write an internationalised domain in its xn--"
                            + " form)");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("must have a domain with a dot, such as example.com");
        }
        for (String label : labels) {
            if (label.length() > MAX_LABEL || !LABEL.matcher(label).matches()) {
                return Optional.of(
                        "must have a domain of dot-separated labels of 1-"
                                + MAX_LABEL
                                + " letters, digits and inner hyphens, such as mail.example.com");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("must have a domain name, not an IP address");
        }
        return Optional.empty();
    }

    private static void checkDisplayName(Problems problems, String field, String name) {
        if (name == null || name.isBlank()) {
            problems.add(field, null, "is required when given (the name shown beside the address)");
        } else if (name.chars().anyMatch(EmailAddress::isControl)) {
            problems.add(field, name, "must not contain control characters such as CR, LF or NUL");
        } else if (name.length() > MAX_DISPLAY_NAME) {
            problems.add(field, name, "must be at most " + MAX_DISPLAY_NAME + " characters");
        }
    }

    private static boolean isControl(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }
}
