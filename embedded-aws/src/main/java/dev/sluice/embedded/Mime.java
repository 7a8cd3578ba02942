package dev.sluice.embedded;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough RFC 5322 / MIME to write the messages SES would send and to read raw ones. */
final class Mime {

    private static final String CRLF = "\r\n";
    private static final Pattern ENCODED_WORD =
            Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_ENCODED_WORDS =
            Pattern.compile(
                    "(=\\?[^?\\s]+\\?[BbQq]\\?[^?\\s]*\\?=)\\s+(?==\\?[^?\\s]+\\?[BbQq]\\?)");

    private Mime() {}

    record Header(String name, String value) {}

    record Attachment(
            String fileName,
            String contentType,
            String disposition,
            String contentId,
            byte[] content) {}

    // ------------------------------------------------------------------ writing

    /** A complete message for SES v2 Simple content. Bcc is not written, as SES does not. */
    static String build(
            String messageId,
            Instant date,
            String from,
            List<String> to,
            List<String> cc,
            List<String> replyTo,
            String subject,
            String text,
            String html,
            List<Header> extraHeaders,
            List<Attachment> attachments) {
        StringBuilder m = new StringBuilder();
        header(m, "From", from);
        if (!to.isEmpty()) {
            header(m, "To", String.join(", ", to));
        }
        if (!cc.isEmpty()) {
            header(m, "Cc", String.join(", ", cc));
        }
        if (!replyTo.isEmpty()) {
            header(m, "Reply-To", String.join(", ", replyTo));
        }
        m.append("Subject: ")
                .append(encodeHeaderText(clean(subject == null ? "" : subject)))
                .append(CRLF);
        header(
                m,
                "Date",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
        header(m, "Message-ID", "<" + messageId + "@email.amazonses.com>");
        header(m, "MIME-Version", "1.0");
        for (Header h : extraHeaders) {
            header(m, h.name(), h.value());
        }
        String body = bodyPart(text, html);
        if (attachments.isEmpty()) {
            m.append(body).append(CRLF);
        } else {
            String boundary = boundary();
            m.append("Content-Type: multipart/mixed;")
                    .append(CRLF)
                    .append(" boundary=\"")
                    .append(boundary)
                    .append('"')
                    .append(CRLF)
                    .append(CRLF);
            m.append("--").append(boundary).append(CRLF).append(body).append(CRLF);
            for (Attachment a : attachments) {
                m.append("--").append(boundary).append(CRLF);
                String type =
                        a.contentType() == null ? "application/octet-stream" : a.contentType();
                String name = a.fileName() == null ? "attachment" : a.fileName();
                m.append("Content-Type: ")
                        .append(type)
                        .append("; name=\"")
                        .append(name)
                        .append('"')
                        .append(CRLF);
                m.append("Content-Disposition: ")
                        .append(
                                a.disposition() == null
                                        ? "attachment"
                                        : a.disposition().toLowerCase(Locale.ROOT))
                        .append("; filename=\"")
                        .append(name)
                        .append('"')
                        .append(CRLF);
                if (a.contentId() != null) {
                    m.append("Content-ID: <").append(a.contentId()).append('>').append(CRLF);
                }
                m.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
                m.append(
                                Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                                        .encodeToString(a.content()))
                        .append(CRLF);
            }
            m.append("--").append(boundary).append("--").append(CRLF);
        }
        return m.toString();
    }

    /**
     * The Content-Type header, a blank line and the body (one text part, or multipart/alternative),
     * without a final line break: the CRLF before a boundary line belongs to the boundary.
     */
    private static String bodyPart(String text, String html) {
        StringBuilder m = new StringBuilder();
        if (text != null && html != null) {
            String boundary = boundary();
            m.append("Content-Type: multipart/alternative;")
                    .append(CRLF)
                    .append(" boundary=\"")
                    .append(boundary)
                    .append('"')
                    .append(CRLF)
                    .append(CRLF);
            m.append("--")
                    .append(boundary)
                    .append(CRLF)
                    .append(textPart("plain", text))
                    .append(CRLF);
            m.append("--")
                    .append(boundary)
                    .append(CRLF)
                    .append(textPart("html", html))
                    .append(CRLF);
            m.append("--").append(boundary).append("--");
        } else {
            m.append(
                    textPart(
                            html != null ? "html" : "plain",
                            html != null ? html : text == null ? "" : text));
        }
        return m.toString();
    }

    private static String textPart(String subtype, String content) {
        return "Content-Type: text/"
                + subtype
                + "; charset=UTF-8"
                + CRLF
                + "Content-Transfer-Encoding: quoted-printable"
                + CRLF
                + CRLF
                + quotedPrintable(content);
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(clean(value)).append(CRLF);
    }

    /** No header injection: a line break inside a value would start a header of its own. */
    private static String clean(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ");
    }

    private static String boundary() {
        return "=_sluice_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** Plain ASCII stays as it is; anything else becomes RFC 2047 B-encoded words. */
    static String encodeHeaderText(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (ascii && !text.contains("=?")) {
            return text;
        }
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > 39) { // keeps "Subject: " plus one word within 78 characters
                words.add(bWord(chunk.toString()));
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0) {
            words.add(bWord(chunk.toString()));
        }
        return String.join(CRLF + " ", words);
    }

    private static String bWord(String s) {
        return "=?UTF-8?B?"
                + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))
                + "?=";
    }

    /** RFC 2045 quoted-printable of the UTF-8 bytes; line breaks become CRLF hard breaks. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) {
                out.append(CRLF);
            }
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int lineLength = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String token;
                if ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)) {
                    token = Character.toString((char) b);
                } else {
                    token = String.format("=%02X", b);
                }
                if (lineLength + token.length() > 75) {
                    out.append('=').append(CRLF);
                    lineLength = 0;
                }
                out.append(token);
                lineLength += token.length();
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ reading

    /** What a raw message says, as far as the record of a sent mail needs. */
    record Parsed(
            Map<String, List<String>> headers,
            String from,
            List<String> to,
            List<String> cc,
            List<String> bcc,
            List<String> replyTo,
            String subject,
            String text,
            String html) {

        String first(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    static Parsed parse(byte[] message) {
        Entity root = entity(new String(message, StandardCharsets.ISO_8859_1));
        Map<String, List<String>> headers = root.headers;
        String[] text = new String[1];
        String[] html = new String[1];
        collectBodies(root, text, html, 0);
        return new Parsed(
                headers,
                firstDecoded(headers, "from"),
                addresses(headers, "to"),
                addresses(headers, "cc"),
                addresses(headers, "bcc"),
                addresses(headers, "reply-to"),
                firstDecoded(headers, "subject"),
                text[0],
                html[0]);
    }

    private record Entity(Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Splits headers from body; header values are unfolded and decoded from UTF-8 (RFC 6532). */
    private static Entity entity(String latin1) {
        int split;
        int bodyStart;
        int crlf = latin1.indexOf("\r\n\r\n");
        int lf = latin1.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            split = crlf;
            bodyStart = crlf + 4;
        } else if (lf >= 0) {
            split = lf;
            bodyStart = lf + 2;
        } else {
            split = latin1.length();
            bodyStart = latin1.length();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : latin1.substring(0, split).split("\r\n|\n")) {
            if (!line.isEmpty()
                    && (line.charAt(0) == ' ' || line.charAt(0) == '\t')
                    && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                addHeader(headers, name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                name = null;
                continue;
            }
            name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1).strip());
        }
        if (name != null) {
            addHeader(headers, name, value.toString());
        }
        return new Entity(headers, latin1.substring(bodyStart));
    }

    private static void addHeader(
            Map<String, List<String>> headers, String name, String latin1Value) {
        String value =
                new String(
                        latin1Value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private static void collectBodies(Entity e, String[] text, String[] html, int depth) {
        if (depth > 20) {
            return;
        }
        ContentType type = ContentType.parse(e.header("content-type"));
        String disposition = e.header("content-disposition");
        if (disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment")) {
            return;
        }
        if (type.type.startsWith("multipart/")) {
            String boundary = type.params.get("boundary");
            if (boundary == null) {
                return;
            }
            for (String part : parts(e.body, boundary)) {
                collectBodies(entity(part), text, html, depth + 1);
            }
            return;
        }
        if (type.type.equals("text/plain") && text[0] == null) {
            text[0] = decodeBody(e, type);
        } else if (type.type.equals("text/html") && html[0] == null) {
            html[0] = decodeBody(e, type);
        }
    }

    private static List<String> parts(String body, String boundary) {
        Pattern delimiter =
                Pattern.compile("(?m)^--" + Pattern.quote(boundary) + "(--)?[ \\t]*\\r?$");
        Matcher m = delimiter.matcher(body);
        List<String> parts = new ArrayList<>();
        int start = -1;
        while (m.find()) {
            if (start >= 0) {
                int end = m.start();
                if (end > start && body.charAt(end - 1) == '\n') {
                    end--;
                    if (end > start && body.charAt(end - 1) == '\r') {
                        end--;
                    }
                }
                parts.add(body.substring(start, Math.max(start, end)));
            }
            if (m.group(1) != null) {
                break;
            }
            start = m.end();
            if (start < body.length() && body.charAt(start) == '\r') {
                start++;
            }
            if (start < body.length() && body.charAt(start) == '\n') {
                start++;
            }
        }
        return parts;
    }

    private static String decodeBody(Entity e, ContentType type) {
        byte[] raw = e.body.getBytes(StandardCharsets.ISO_8859_1);
        String encoding = e.header("content-transfer-encoding");
        encoding = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        byte[] decoded =
                switch (encoding) {
                    case "base64" -> Base64.getMimeDecoder().decode(raw);
                    case "quoted-printable" -> decodeQuotedPrintable(raw);
                    default -> raw;
                };
        return new String(decoded, charset(type.params.get("charset"))).replace("\r\n", "\n");
    }

    static byte[] decodeQuotedPrintable(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '=') {
                out.write(b);
                continue;
            }
            if (i + 1 < in.length && in[i + 1] == '\n') { // soft break, LF
                i += 1;
            } else if (i + 2 < in.length
                    && in[i + 1] == '\r'
                    && in[i + 2] == '\n') { // soft break, CRLF
                i += 2;
            } else if (i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String firstDecoded(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : decodeHeaderText(values.get(0));
    }

    private static List<String> addresses(Map<String, List<String>> headers, String name) {
        List<String> out = new ArrayList<>();
        for (String value : headers.getOrDefault(name, List.of())) {
            out.addAll(splitAddresses(decodeHeaderText(value)));
        }
        return out;
    }

    /** Splits an address list on commas outside quotes, angle brackets and comments. */
    static List<String> splitAddresses(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\\' && quoted && i + 1 < list.length()) {
                current.append(c).append(list.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && c == '(') {
                comment++;
            } else if (!quoted && c == ')' && comment > 0) {
                comment--;
            } else if (c == ',' && !quoted && angle == 0 && comment == 0) {
                if (!current.toString().isBlank()) {
                    out.add(current.toString().trim());
                }
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().trim());
        }
        return out;
    }

    /** Decodes RFC 2047 encoded words (B and Q); whitespace between two of them disappears. */
    static String decodeHeaderText(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        String joined = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String decoded;
            try {
                Charset cs = charset(m.group(1).replaceAll("\\*.*$", ""));
                byte[] bytes =
                        m.group(2).equalsIgnoreCase("B")
                                ? Base64.getDecoder().decode(m.group(3))
                                : decodeQuotedPrintable(
                                        m.group(3)
                                                .replace('_', ' ')
                                                .getBytes(StandardCharsets.US_ASCII));
                decoded = new String(bytes, cs);
            } catch (IllegalArgumentException e) {
                decoded = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private record ContentType(String type, Map<String, String> params) {
        static ContentType parse(String header) {
            if (header == null || header.isBlank()) {
                return new ContentType("text/plain", Map.of());
            }
            List<String> pieces = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (char c : header.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                    continue;
                }
                if (c == ';' && !quoted) {
                    pieces.add(current.toString().trim());
                    current.setLength(0);
                    continue;
                }
                current.append(c);
            }
            pieces.add(current.toString().trim());
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : pieces.subList(1, pieces.size())) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    params.put(
                            p.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                            p.substring(eq + 1).trim());
                }
            }
            return new ContentType(pieces.get(0).toLowerCase(Locale.ROOT), params);
        }
    }
}
