package dev.sluice.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An SES v2 endpoint for tests and local mode: the REST-JSON protocol on 127.0.0.1, so the real
 * {@code SesV2Client} works against it unchanged.
 *
 * <p>{@code SendEmail} ({@code POST /v2/email/outbound-emails}) accepts Simple content (subject,
 * text and/or HTML body, extra headers, attachments) and Raw content (a whole MIME message),
 * answers {@code {"MessageId": "..."}}, records every message ({@link #sentEmails()}) and, with an
 * outbox folder, writes each one as an RFC 5322 {@code .eml} file that any mail program opens.
 * Nothing is delivered. Identity calls ({@code CreateEmailIdentity}, {@code GetEmailIdentity},
 * {@code ListEmailIdentities}, {@code DeleteEmailIdentity}) and {@code GetAccount} answer as for an
 * account out of the sandbox with every identity verified; with {@link
 * Builder#requireVerifiedSender(boolean)} a message from an address or domain that was not created
 * as an identity is refused with {@code MessageRejected}, as on AWS. Templates, contact lists and
 * configuration sets are not implemented: those routes answer HTTP 404 with error type {@code
 * UnknownOperationException}.
 */
public final class FakeSesV2 implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/json";
    private static final String PREFIX = "/v2/email/";
    private static final int MAX_BODY = 64 * 1024 * 1024; // 40 MB message, base64 in JSON
    private static final int MAX_RECIPIENTS = 50;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final LoopbackHttpServer http;
    private final Path outbox;
    private final Clock clock;
    private final String region;
    private final boolean requireVerifiedSender;
    private final List<SentEmail> sent = new CopyOnWriteArrayList<>();
    private final Map<String, String> identities =
            new ConcurrentHashMap<>(); // lower-case name -> type

    private FakeSesV2(Builder b) {
        this.outbox = b.outbox == null ? null : b.outbox.toAbsolutePath();
        this.clock = b.clock;
        this.region = b.region;
        this.requireVerifiedSender = b.requireVerifiedSender;
        if (outbox != null) {
            try {
                Files.createDirectories(outbox);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create outbox " + outbox, e);
            }
        }
        this.http = new LoopbackHttpServer("fake-sesv2", b.port, this::handle);
    }

    /** Records messages in memory only. */
    public static FakeSesV2 inMemory() {
        return builder().start();
    }

    /** Records messages and writes each as an {@code .eml} file into {@code outbox}. */
    public static FakeSesV2 withOutbox(Path outbox) {
        return builder().outbox(outbox).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for {@code SesV2Client}. */
    public URI endpoint() {
        return http.endpoint();
    }

    public int port() {
        return http.endpoint().getPort();
    }

    public Optional<Path> outbox() {
        return Optional.ofNullable(outbox);
    }

    /** Every message accepted since the start (or the last {@link #clear()}), oldest first. */
    public List<SentEmail> sentEmails() {
        return List.copyOf(sent);
    }

    /** The messages with {@code address} among their To, Cc or Bcc recipients. */
    public List<SentEmail> sentEmailsTo(String address) {
        return sentEmails(m -> m.isAddressedTo(address));
    }

    public List<SentEmail> sentEmails(Predicate<SentEmail> filter) {
        return sent.stream().filter(filter).toList();
    }

    /** Forgets the recorded messages (the .eml files stay). */
    public void clear() {
        sent.clear();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "FakeSesV2[" + endpoint() + (outbox == null ? "" : ", outbox " + outbox) + "]";
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        ObjectNode response;
        try {
            byte[] body;
            try {
                body = LoopbackHttpServer.readBody(exchange, MAX_BODY);
            } catch (LoopbackHttpServer.BodyTooLargeException e) {
                throw new AwsError(413, "MessageRejected", "Message length exceeds the limit");
            }
            if (method.equals("POST") && path.equals(PREFIX + "outbound-emails")) {
                response = sendEmail(json(body));
            } else if (method.equals("POST") && path.equals(PREFIX + "identities")) {
                response = createIdentity(json(body));
            } else if (method.equals("GET") && path.equals(PREFIX + "identities")) {
                response = listIdentities();
            } else if (method.equals("GET") && path.startsWith(PREFIX + "identities/")) {
                response = getIdentity(pathParameter(path));
            } else if (method.equals("DELETE") && path.startsWith(PREFIX + "identities/")) {
                response = deleteIdentity(pathParameter(path));
            } else if (method.equals("GET") && path.equals(PREFIX + "account")) {
                response = account();
            } else {
                throw new AwsError(
                        404,
                        "UnknownOperationException",
                        "FakeSesV2 does not implement " + method + " " + path);
            }
        } catch (AwsError e) {
            ObjectNode error = LoopbackHttpServer.JSON.createObjectNode();
            error.put("message", e.getMessage());
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
            LoopbackHttpServer.sendJson(exchange, e.status, CONTENT_TYPE, error);
            return;
        }
        LoopbackHttpServer.sendJson(exchange, 200, CONTENT_TYPE, response);
    }

    private static ObjectNode json(byte[] body) {
        if (body.length == 0) {
            return LoopbackHttpServer.JSON.createObjectNode();
        }
        try {
            JsonNode node = LoopbackHttpServer.JSON.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // fall through
        }
        throw new AwsError("BadRequestException", "Request body must be a JSON object");
    }

    private static String pathParameter(String path) {
        String encoded = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ SendEmail

    private ObjectNode sendEmail(ObjectNode in) {
        JsonNode content = in.get("Content");
        if (content == null || !content.isObject()) {
            throw new AwsError("BadRequestException", "Content is required.");
        }
        String messageId = messageId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> to = strings(in.path("Destination").get("ToAddresses"));
        List<String> cc = strings(in.path("Destination").get("CcAddresses"));
        List<String> bcc = strings(in.path("Destination").get("BccAddresses"));
        List<String> replyTo = strings(in.get("ReplyToAddresses"));
        String from = text(in, "FromEmailAddress");
        boolean hasDestination = in.has("Destination");

        SentEmail record;
        if (content.has("Simple")) {
            JsonNode simple = content.get("Simple");
            String subject = text(simple.path("Subject"), "Data");
            String text = text(simple.path("Body").path("Text"), "Data");
            String html = text(simple.path("Body").path("Html"), "Data");
            if (subject == null) {
                throw new AwsError("BadRequestException", "Subject is required.");
            }
            if (text == null && html == null) {
                throw new AwsError("BadRequestException", "Body must contain Text or Html.");
            }
            requireFrom(from);
            requireRecipients(to, cc, bcc);
            checkSender(from);
            List<Mime.Header> headers = new ArrayList<>();
            for (JsonNode h : simple.path("Headers")) {
                headers.add(new Mime.Header(h.path("Name").asText(), h.path("Value").asText("")));
            }
            List<Mime.Attachment> attachments = new ArrayList<>();
            for (JsonNode a : simple.path("Attachments")) {
                attachments.add(
                        new Mime.Attachment(
                                text(a, "FileName"),
                                text(a, "ContentType"),
                                text(a, "ContentDisposition"),
                                text(a, "ContentId"),
                                base64(a, "RawContent")));
            }
            String raw =
                    Mime.build(
                            messageId,
                            now,
                            from,
                            to,
                            cc,
                            replyTo,
                            subject,
                            text,
                            html,
                            headers,
                            attachments);
            record =
                    new SentEmail(
                            messageId, now, from, to, cc, bcc, replyTo, subject, text, html, raw,
                            null);
        } else if (content.has("Raw")) {
            byte[] data = base64(content.get("Raw"), "Data");
            if (data == null || data.length == 0) {
                throw new AwsError("BadRequestException", "Raw message data is required.");
            }
            Mime.Parsed parsed = Mime.parse(data);
            String sender = from != null ? from : parsed.from();
            requireFrom(sender);
            if (!hasDestination) {
                to = parsed.to();
                cc = parsed.cc();
                bcc = parsed.bcc();
            }
            requireRecipients(to, cc, bcc);
            checkSender(sender);
            record =
                    new SentEmail(
                            messageId,
                            now,
                            sender,
                            to,
                            cc,
                            bcc,
                            replyTo.isEmpty() ? parsed.replyTo() : replyTo,
                            parsed.subject(),
                            parsed.text(),
                            parsed.html(),
                            new String(data, StandardCharsets.UTF_8),
                            null);
            if (outbox != null) {
                record = withFile(record, write(record, data));
            }
            sent.add(record);
            return messageIdResponse(messageId);
        } else if (content.has("Template")) {
            throw new AwsError(
                    "BadRequestException",
                    "FakeSesV2 does not render templates; send Simple or" + " Raw content.");
        } else {
            throw new AwsError("BadRequestException", "Content must be Simple, Raw or Template.");
        }
        if (outbox != null) {
            record = withFile(record, write(record, record.raw().getBytes(StandardCharsets.UTF_8)));
        }
        sent.add(record);
        return messageIdResponse(messageId);
    }

    private static ObjectNode messageIdResponse(String messageId) {
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        out.put("MessageId", messageId);
        return out;
    }

    private static SentEmail withFile(SentEmail r, Path file) {
        return new SentEmail(
                r.messageId(),
                r.timestamp(),
                r.from(),
                r.to(),
                r.cc(),
                r.bcc(),
                r.replyTo(),
                r.subject(),
                r.text(),
                r.html(),
                r.raw(),
                file);
    }

    private static void requireFrom(String from) {
        if (from == null || from.isBlank()) {
            throw new AwsError("BadRequestException", "Missing required field FromEmailAddress.");
        }
        if (!SentEmail.bareAddress(from).contains("@")) {
            throw new AwsError("BadRequestException", "Missing final '@domain'");
        }
    }

    private static void requireRecipients(List<String> to, List<String> cc, List<String> bcc) {
        int count = to.size() + cc.size() + bcc.size();
        if (count == 0) {
            throw new AwsError("BadRequestException", "Missing required field Destination.");
        }
        if (count > MAX_RECIPIENTS) {
            throw new AwsError(
                    "BadRequestException", "Recipient count exceeds " + MAX_RECIPIENTS + ".");
        }
        for (String r : to) {
            if (!SentEmail.bareAddress(r).contains("@")) {
                throw new AwsError("BadRequestException", "Missing final '@domain'");
            }
        }
    }

    private void checkSender(String from) {
        if (!requireVerifiedSender) {
            return;
        }
        String address = SentEmail.bareAddress(from).toLowerCase(Locale.ROOT);
        String domain = address.substring(address.indexOf('@') + 1);
        if (!identities.containsKey(address) && !identities.containsKey(domain)) {
            throw new AwsError(
                    "MessageRejected",
                    "Email address is not verified. The following identities"
                            + " failed the check in region "
                            + region.toUpperCase(Locale.ROOT)
                            + ": "
                            + address);
        }
    }

    private Path write(SentEmail record, byte[] message) {
        Path file =
                outbox.resolve(
                        FILE_TIME.format(record.timestamp()) + "-" + record.messageId() + ".eml");
        Path tmp = outbox.resolve("." + record.messageId() + ".tmp");
        try {
            Files.write(tmp, message);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } catch (IOException e) {
            throw new AwsError(
                    500, "InternalFailure", "cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static String messageId() {
        // the shape of SES ids: 16 hex digits of time, random groups, "-000000"
        return String.format("%016x-%s-000000", System.currentTimeMillis(), UUID.randomUUID());
    }

    // ------------------------------------------------------------------ identities and account

    private ObjectNode createIdentity(ObjectNode in) {
        String identity = text(in, "EmailIdentity");
        if (identity == null || identity.isBlank()) {
            throw new AwsError("BadRequestException", "EmailIdentity is required.");
        }
        String key = identity.toLowerCase(Locale.ROOT);
        String type = key.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN";
        if (identities.putIfAbsent(key, type) != null) {
            throw new AwsError(
                    "AlreadyExistsException", "Email identity " + identity + " already exist.");
        }
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        out.put("IdentityType", type);
        out.put("VerifiedForSendingStatus", true);
        return out;
    }

    private ObjectNode getIdentity(String identity) {
        String type = identities.get(identity.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new AwsError(
                    404, "NotFoundException", "Email identity " + identity + " does not exist.");
        }
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        out.put("IdentityType", type);
        out.put("FeedbackForwardingStatus", true);
        out.put("VerifiedForSendingStatus", true);
        out.put("VerificationStatus", "SUCCESS");
        return out;
    }

    private ObjectNode listIdentities() {
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        ArrayNode list = out.putArray("EmailIdentities");
        identities.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                list.addObject()
                                        .put("IdentityType", e.getValue())
                                        .put("IdentityName", e.getKey())
                                        .put("SendingEnabled", true)
                                        .put("VerificationStatus", "SUCCESS"));
        return out;
    }

    private ObjectNode deleteIdentity(String identity) {
        if (identities.remove(identity.toLowerCase(Locale.ROOT)) == null) {
            throw new AwsError(
                    404, "NotFoundException", "Email identity " + identity + " does not exist.");
        }
        return LoopbackHttpServer.JSON.createObjectNode();
    }

    private ObjectNode account() {
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        out.put("DedicatedIpAutoWarmupEnabled", false);
        out.put("EnforcementStatus", "HEALTHY");
        out.put("ProductionAccessEnabled", true);
        out.put("SendingEnabled", true);
        ObjectNode quota = out.putObject("SendQuota");
        quota.put("Max24HourSend", 50000.0);
        quota.put("MaxSendRate", 14.0);
        Instant dayAgo = clock.instant().minus(1, ChronoUnit.DAYS);
        quota.put(
                "SentLast24Hours",
                (double) sent.stream().filter(m -> m.timestamp().isAfter(dayAgo)).count());
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode in, String field) {
        JsonNode node = in == null ? null : in.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] base64(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new AwsError("BadRequestException", field + " is not valid base64.");
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /**
     * An error in the REST-JSON shape: status, {@code x-amzn-ErrorType}, {@code {"message": ...}}.
     */
    private static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        AwsError(String type, String message) {
            this(400, type, message);
        }

        AwsError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }

    /** Options for {@link FakeSesV2}. */
    public static final class Builder {
        private Path outbox;
        private int port;
        private String region = "us-east-1";
        private boolean requireVerifiedSender;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Also write every message as {@code <time>-<messageId>.eml} into this folder. */
        public Builder outbox(Path outbox) {
            this.outbox = outbox;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The region named in error messages (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Refuse senders that were not created as identities, as AWS does (default off). */
        public Builder requireVerifiedSender(boolean require) {
            this.requireVerifiedSender = require;
            return this;
        }

        /** The clock for timestamps (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FakeSesV2 start() {
            return new FakeSesV2(this);
        }
    }
}
