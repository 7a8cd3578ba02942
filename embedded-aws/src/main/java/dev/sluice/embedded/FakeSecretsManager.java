package dev.sluice.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A Secrets Manager endpoint for tests and local mode: the real JSON 1.1 wire protocol ({@code POST
 * /}, {@code X-Amz-Target: secretsmanager.<Operation>}) on 127.0.0.1, so the real {@code
 * SecretsManagerClient} works against it unchanged.
 *
 * <p>Operations: the ones Sluice calls, CreateSecret (local mode's secrets), GetSecretValue,
 * PutSecretValue (generated host keys, rotations in tests) and DescribeSecret; any other answers
 * {@code UnknownOperationException}, so a new call in the product fails its tests until the fake
 * learns it. Secrets are found by name, full ARN or partial ARN (without the random suffix);
 * versions carry staging labels ({@code AWSCURRENT}, {@code AWSPREVIOUS}) as on AWS, and a version
 * that loses its last label is gone. Errors have the real shape ({@code {"__type": "...",
 * "message": "..."}}, HTTP 400), so the SDK raises {@code ResourceNotFoundException}, {@code
 * ResourceExistsException}, {@code InvalidRequestException} and so on. Signatures are not checked.
 * Encryption, rotation, deletion and replication are not simulated.
 *
 * <p>In memory by default; with {@link Builder#file(Path)} every change is written to a JSON file
 * (owner-only permissions) that the next start reads back.
 */
public final class FakeSecretsManager implements AutoCloseable {

    /** The account id in every ARN. */
    public static final String ACCOUNT_ID = "000000000000";

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CURRENT = "AWSCURRENT";
    private static final String PREVIOUS = "AWSPREVIOUS";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final int MAX_BODY = 1024 * 1024;
    private static final String SUFFIX_ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final LoopbackHttpServer http;
    private final String region;
    private final Path file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** By name; guarded by {@code this}. */
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    /** Something changed that the backing file does not have yet; guarded by {@code this}. */
    private boolean dirty;

    private FakeSecretsManager(Builder b) {
        this.region = b.region;
        this.file = b.file == null ? null : b.file.toAbsolutePath();
        this.clock = b.clock;
        if (file != null) {
            load();
        }
        this.http = new LoopbackHttpServer("fake-secretsmanager", b.port, this::handle);
    }

    /** An in-memory instance on a free loopback port. */
    public static FakeSecretsManager inMemory() {
        return builder().start();
    }

    /** An instance that keeps its secrets in {@code file} (JSON; created on the first change). */
    public static FakeSecretsManager persistent(Path file) {
        return builder().file(file).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for {@code SecretsManagerClient}. */
    public URI endpoint() {
        return http.endpoint();
    }

    public int port() {
        return http.endpoint().getPort();
    }

    /** The region written into ARNs. */
    public String region() {
        return region;
    }

    /** The backing file, or empty when in memory. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The names of the secrets that exist. */
    public synchronized Set<String> secretNames() {
        return new TreeSet<>(secrets.keySet());
    }

    /**
     * The {@code AWSCURRENT} string value of a secret (by name or ARN), without going over HTTP.
     */
    public synchronized Optional<String> currentSecretString(String secretId) {
        Secret s = find(secretId);
        if (s == null) {
            return Optional.empty();
        }
        return s.versionWithStage(CURRENT).map(v -> v.string);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "FakeSecretsManager["
                + endpoint()
                + (file == null ? ", in memory" : ", " + file)
                + "]";
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        ObjectNode response;
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw new AwsError(
                        404,
                        "UnknownOperationException",
                        "Secrets Manager answers POST / with an X-Amz-Target header");
            }
            String target =
                    Objects.requireNonNullElse(
                            exchange.getRequestHeaders().getFirst("X-Amz-Target"), "");
            if (!target.startsWith(TARGET_PREFIX)) {
                throw new AwsError("UnknownOperationException", "Unknown X-Amz-Target: " + target);
            }
            byte[] body;
            try {
                body = LoopbackHttpServer.readBody(exchange, MAX_BODY);
            } catch (LoopbackHttpServer.BodyTooLargeException e) {
                throw new AwsError(413, "RequestEntityTooLargeException", e.getMessage());
            }
            JsonNode input;
            try {
                input =
                        body.length == 0
                                ? LoopbackHttpServer.JSON.createObjectNode()
                                : LoopbackHttpServer.JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AwsError("SerializationException", "Request body is not valid JSON");
            }
            if (input == null || !input.isObject()) {
                throw new AwsError("SerializationException", "Request body must be a JSON object");
            }
            response = dispatch(target.substring(TARGET_PREFIX.length()), (ObjectNode) input);
        } catch (AwsError e) {
            ObjectNode error = LoopbackHttpServer.JSON.createObjectNode();
            error.put("__type", e.type);
            error.put("message", e.getMessage());
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
            LoopbackHttpServer.sendJson(exchange, e.status, CONTENT_TYPE, error);
            return;
        } catch (RuntimeException e) {
            ObjectNode error = LoopbackHttpServer.JSON.createObjectNode();
            error.put("__type", "InternalServiceError");
            error.put("message", String.valueOf(e));
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalServiceError");
            LoopbackHttpServer.sendJson(exchange, 500, CONTENT_TYPE, error);
            return;
        }
        LoopbackHttpServer.sendJson(exchange, 200, CONTENT_TYPE, response);
    }

    private synchronized ObjectNode dispatch(String operation, ObjectNode in) {
        ObjectNode out =
                switch (operation) {
                    case "CreateSecret" -> createSecret(in);
                    case "GetSecretValue" -> getSecretValue(in);
                    case "PutSecretValue" -> putSecretValue(in);
                    case "DescribeSecret" -> describeSecret(in);
                    default ->
                            throw new AwsError(
                                    "UnknownOperationException",
                                    "FakeSecretsManager does not implement " + operation);
                };
        if (MUTATIONS.contains(operation) || dirty) {
            save();
        }
        return out;
    }

    private static final Set<String> MUTATIONS = Set.of("CreateSecret", "PutSecretValue");

    // ------------------------------------------------------------------ operations

    private ObjectNode createSecret(ObjectNode in) {
        String name = required(in, "Name");
        if (!NAME.matcher(name).matches()) {
            throw new AwsError(
                    "ValidationException",
                    "Invalid name. Must be a valid name containing alphanumeric"
                            + " characters, or any of the following: -/_+=.@!");
        }
        Value value = value(in);
        String token = token(in);
        Secret existing = secrets.get(name);
        if (existing != null) {
            Version same = existing.versions.get(token);
            if (same != null && value != null && value.sameAs(same)) {
                return idAndVersion(existing, same.id);
            }
            throw new AwsError(
                    "ResourceExistsException",
                    "The operation failed because the secret " + name + " already exists.");
        }
        Instant now = now();
        Secret s = new Secret();
        s.name = name;
        s.arn =
                "arn:aws:secretsmanager:"
                        + region
                        + ":"
                        + ACCOUNT_ID
                        + ":secret:"
                        + name
                        + "-"
                        + suffix();
        s.description = text(in, "Description");
        s.kmsKeyId = text(in, "KmsKeyId");
        s.created = now;
        s.lastChanged = now;
        secrets.put(name, s);
        if (value == null) {
            return idAndVersion(s, null);
        }
        addVersion(s, token, value, List.of(CURRENT), now);
        return idAndVersion(s, token);
    }

    private ObjectNode getSecretValue(ObjectNode in) {
        Secret s = existing(in);
        String versionId = text(in, "VersionId");
        String stage = text(in, "VersionStage");
        Version v;
        if (versionId != null) {
            v = s.versions.get(versionId);
            if (v == null || (stage != null && !v.stages.contains(stage))) {
                throw new AwsError(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: "
                                + versionId);
            }
        } else {
            String label = stage == null ? CURRENT : stage;
            v =
                    s.versionWithStage(label)
                            .orElseThrow(
                                    () ->
                                            new AwsError(
                                                    "ResourceNotFoundException",
                                                    "Secrets Manager can't find the specified secret value for staging label: "
                                                            + label));
        }
        Instant today = now().truncatedTo(ChronoUnit.DAYS);
        if (!today.equals(s.lastAccessed)) {
            s.lastAccessed = today;
            dirty = true;
        }
        ObjectNode out = idAndVersion(s, v.id);
        if (v.string != null) {
            out.put("SecretString", v.string);
        }
        if (v.binary != null) {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        ArrayNode stages = out.putArray("VersionStages");
        v.stages.forEach(stages::add);
        out.put("CreatedDate", epochSeconds(v.created));
        return out;
    }

    private ObjectNode putSecretValue(ObjectNode in) {
        Secret s = existing(in);
        Value value = value(in);
        if (value == null) {
            throw new AwsError(
                    "InvalidRequestException",
                    "You must provide either SecretString or SecretBinary.");
        }
        String token = token(in);
        List<String> stages =
                in.has("VersionStages") ? strings(in.get("VersionStages")) : List.of(CURRENT);
        Version existing = s.versions.get(token);
        if (existing != null) {
            if (value.sameAs(existing)) {
                ObjectNode out = idAndVersion(s, existing.id);
                ArrayNode st = out.putArray("VersionStages");
                existing.stages.forEach(st::add);
                return out;
            }
            throw new AwsError(
                    "ResourceExistsException",
                    "You can't modify an existing version, you can only create a new version.");
        }
        Version v = addVersion(s, token, value, stages, now());
        ObjectNode out = idAndVersion(s, v.id);
        ArrayNode st = out.putArray("VersionStages");
        v.stages.forEach(st::add);
        return out;
    }

    private ObjectNode describeSecret(ObjectNode in) {
        Secret s = existing(in);
        ObjectNode out = idAndVersion(s, null);
        describeInto(s, out, "VersionIdsToStages");
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Version addVersion(
            Secret s, String token, Value value, List<String> stages, Instant now) {
        Version v = new Version();
        v.id = token;
        v.string = value.string;
        v.binary = value.binary;
        v.created = now;
        for (String stage : stages) {
            for (Version other : s.versions.values()) {
                if (other.stages.remove(stage) && stage.equals(CURRENT)) {
                    // the version that loses AWSCURRENT becomes AWSPREVIOUS
                    for (Version o : s.versions.values()) {
                        o.stages.remove(PREVIOUS);
                    }
                    other.stages.add(PREVIOUS);
                }
            }
            v.stages.add(stage);
        }
        s.versions.put(v.id, v);
        // versions without a label are deprecated; AWS hides them from Describe and List
        s.versions.values().removeIf(o -> o.stages.isEmpty());
        s.lastChanged = now;
        return v;
    }

    private void describeInto(Secret s, ObjectNode out, String versionsField) {
        if (s.description != null) {
            out.put("Description", s.description);
        }
        if (s.kmsKeyId != null) {
            out.put("KmsKeyId", s.kmsKeyId);
        }
        out.put("RotationEnabled", false);
        out.put("LastChangedDate", epochSeconds(s.lastChanged));
        if (s.lastAccessed != null) {
            out.put("LastAccessedDate", epochSeconds(s.lastAccessed));
        }
        ObjectNode versions = out.putObject(versionsField);
        for (Version v : s.versions.values()) {
            ArrayNode stages = versions.putArray(v.id);
            v.stages.forEach(stages::add);
        }
        out.put("CreatedDate", epochSeconds(s.created));
        out.put("PrimaryRegion", region);
    }

    private static ObjectNode idAndVersion(Secret s, String versionId) {
        ObjectNode out = LoopbackHttpServer.JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        if (versionId != null) {
            out.put("VersionId", versionId);
        }
        return out;
    }

    /** The secret {@code SecretId} names. */
    private Secret existing(ObjectNode in) {
        String id = required(in, "SecretId");
        Secret s = find(id);
        if (s == null) {
            throw new AwsError(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret.");
        }
        return s;
    }

    private Secret find(String id) {
        Secret byName = secrets.get(id);
        if (byName != null) {
            return byName;
        }
        if (id.startsWith("arn:")) {
            for (Secret s : secrets.values()) {
                // full ARN, or partial ARN without the "-xxxxxx" suffix
                if (s.arn.equals(id) || s.arn.substring(0, s.arn.length() - 7).equals(id)) {
                    return s;
                }
            }
        }
        return null;
    }

    private Value value(ObjectNode in) {
        String string = text(in, "SecretString");
        String binary = text(in, "SecretBinary");
        if (string != null && binary != null) {
            throw new AwsError(
                    "InvalidParameterException",
                    "You can't specify both a binary secret value and a"
                            + " string secret value in the same secret.");
        }
        if (string != null) {
            return new Value(string, null);
        }
        if (binary != null) {
            try {
                return new Value(null, Base64.getDecoder().decode(binary));
            } catch (IllegalArgumentException e) {
                throw new AwsError("SerializationException", "SecretBinary is not valid base64");
            }
        }
        return null;
    }

    private static String token(ObjectNode in) {
        String token = text(in, "ClientRequestToken");
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw new AwsError(
                    "InvalidParameterException",
                    "ClientRequestToken must be between 32 and 64 characters.");
        }
        return token;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    private static String text(JsonNode in, String field) {
        JsonNode node = in.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String required(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null || value.isEmpty()) {
            throw new AwsError("InvalidParameterException", field + " is required.");
        }
        return value;
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            sb.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return sb.toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    // ------------------------------------------------------------------ persistence

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = LoopbackHttpServer.JSON.readTree(file.toFile());
            for (JsonNode n : root.path("secrets")) {
                Secret s = new Secret();
                s.name = n.path("name").asText();
                s.arn = n.path("arn").asText();
                s.description = text(n, "description");
                s.kmsKeyId = text(n, "kmsKeyId");
                s.created = instant(n, "created");
                s.lastChanged = instant(n, "lastChanged");
                s.lastAccessed = instant(n, "lastAccessed");
                for (JsonNode vn : n.path("versions")) {
                    Version v = new Version();
                    v.id = vn.path("id").asText();
                    v.string = text(vn, "string");
                    String binary = text(vn, "binary");
                    v.binary = binary == null ? null : Base64.getDecoder().decode(binary);
                    v.created = instant(vn, "created");
                    v.stages.addAll(strings(vn.get("stages")));
                    s.versions.put(v.id, v);
                }
                secrets.put(s.name, s);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read secrets file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        dirty = false;
        if (file == null) {
            return;
        }
        ObjectNode root = LoopbackHttpServer.JSON.createObjectNode();
        root.put("format", "sluice-fake-secretsmanager/1");
        ArrayNode list = root.putArray("secrets");
        for (Secret s : secrets.values()) {
            ObjectNode n = list.addObject();
            n.put("name", s.name);
            n.put("arn", s.arn);
            n.put("description", s.description);
            n.put("kmsKeyId", s.kmsKeyId);
            putInstant(n, "created", s.created);
            putInstant(n, "lastChanged", s.lastChanged);
            putInstant(n, "lastAccessed", s.lastAccessed);
            ArrayNode versions = n.putArray("versions");
            for (Version v : s.versions.values()) {
                ObjectNode vn = versions.addObject();
                vn.put("id", v.id);
                vn.put("string", v.string);
                vn.put(
                        "binary",
                        v.binary == null ? null : Base64.getEncoder().encodeToString(v.binary));
                putInstant(vn, "created", v.created);
                ArrayNode stages = vn.putArray("stages");
                v.stages.forEach(stages::add);
            }
        }
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        tmp,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(
                    tmp,
                    LoopbackHttpServer.JSON
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(root));
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secrets file " + file, e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }

    private static void putInstant(ObjectNode n, String field, Instant value) {
        if (value != null) {
            n.put(field, value.toEpochMilli());
        }
    }

    // ------------------------------------------------------------------ model

    private static final class Secret {
        String name;
        String arn;
        String description;
        String kmsKeyId;
        Instant created;
        Instant lastChanged;
        Instant lastAccessed;
        final LinkedHashMap<String, Version> versions = new LinkedHashMap<>();

        Optional<Version> versionWithStage(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst();
        }
    }

    private static final class Version {
        String id;
        String string;
        byte[] binary;
        Instant created;
        final List<String> stages = new ArrayList<>();
    }

    private record Value(String string, byte[] binary) {
        boolean sameAs(Version v) {
            return Objects.equals(string, v.string) && Arrays.equals(binary, v.binary);
        }
    }

    /** An error in the shape the SDK's JSON protocol unmarshaller expects. */
    static final class AwsError extends RuntimeException {
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

    /** Options for {@link FakeSecretsManager}. */
    public static final class Builder {
        private Path file;
        private int port;
        private String region = "us-east-1";
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Keep the secrets in this JSON file (read at start, rewritten on every change). */
        public Builder file(Path file) {
            this.file = file;
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

        /** The region written into ARNs (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The clock for dates (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FakeSecretsManager start() {
            return new FakeSecretsManager(this);
        }
    }
}
