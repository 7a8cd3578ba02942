package dev.sluice.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calls the REST API with {@code java.net.http}: adds the credentials (an API key, or a token
 * obtained with HTTP Basic and cached until it expires), turns error statuses into {@link
 * ApiRefusal} and failed connections into {@link CliFailure}s with exit code 3.
 */
public final class ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final URI baseUrl;
    private final HttpClient http;
    private final Credentials credentials;
    private final TokenCache tokens;
    private final DebugLog debug;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * A client.
     *
     * @param baseUrl the API's address, e.g. {@code http://127.0.0.1:8080}
     * @param http the HTTP client (see {@link HttpClients})
     * @param credentials who the CLI is
     * @param tokens where tokens are kept
     * @param debug {@code --debug} lines
     * @param mapper parses JSON
     * @param clock tells whether a cached token expired
     */
    public ApiClient(
            URI baseUrl,
            HttpClient http,
            Credentials credentials,
            TokenCache tokens,
            DebugLog debug,
            ObjectMapper mapper,
            Clock clock) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.credentials = credentials;
        this.tokens = tokens;
        this.debug = debug;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** {@code GET path?query}; the 2xx answer. */
    public ApiResponse get(String path, Map<String, String> query) {
        return call("GET", path, query, Optional.empty());
    }

    /** {@code POST path?query} with a JSON body (empty: none); the 2xx answer. */
    public ApiResponse post(String path, Map<String, String> query, Optional<String> body) {
        return call("POST", path, query, body);
    }

    /** {@code PUT path?query} with a JSON body; the 2xx answer. */
    public ApiResponse put(String path, Map<String, String> query, String body) {
        return call("PUT", path, query, Optional.of(body));
    }

    /** {@code DELETE path}; the 2xx answer. */
    public ApiResponse delete(String path) {
        return call("DELETE", path, Map.of(), Optional.empty());
    }

    /** {@code GET path} parsed as JSON. */
    public JsonNode getJson(String path) {
        return parse(get(path, Map.of()).body());
    }

    /** Parses a body the API sent. */
    public JsonNode parse(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new CliFailure(
                    ExitCodes.API_REFUSED, "the API's answer is not JSON: " + e.getMessage());
        }
    }

    /**
     * Sends a request and returns the answer whatever its status (for routes where 202 means "call
     * again").
     */
    public ApiResponse call(
            String method, String path, Map<String, String> query, Optional<String> body) {
        Optional<String> authorization = authorization(false);
        ApiResponse response = send(method, path, query, body, authorization);
        if (response.status() == 401
                && credentials instanceof Credentials.Basic basic
                && authorization.isPresent()) {
            // A cached token the server no longer accepts (revoked, password changed): one retry.
            tokens.remove(TokenCache.key(baseUrl.toString(), basic));
            debug.note("token refused; asking for a new one");
            response = send(method, path, query, body, authorization(true));
        }
        if (!response.ok()) {
            throw new ApiRefusal(method, path, response.status(), response.body());
        }
        return response;
    }

    private Optional<String> authorization(boolean fresh) {
        return switch (credentials) {
            case Credentials.None none -> Optional.empty();
            case Credentials.ApiKey key -> Optional.empty();
            case Credentials.Basic basic -> Optional.of("Bearer " + token(basic, fresh));
        };
    }

    private String token(Credentials.Basic basic, boolean fresh) {
        String key = TokenCache.key(baseUrl.toString(), basic);
        Instant now = clock.instant();
        if (!fresh) {
            Optional<Token> cached = tokens.get(key, now);
            if (cached.isPresent()) {
                debug.note("token from the cache, valid until " + cached.get().expiresAt());
                return cached.get().accessToken();
            }
        }
        String basicHeader =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (basic.username() + ":" + basic.password())
                                                .getBytes(StandardCharsets.UTF_8));
        ApiResponse response =
                send(
                        "GET",
                        "/api/v2/token",
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(basicHeader));
        if (!response.ok()) {
            throw new ApiRefusal("GET", "/api/v2/token", response.status(), response.body());
        }
        JsonNode answer = parse(response.body());
        Token token =
                new Token(
                        answer.path("access_token").asText(),
                        expiry(answer.path("expires_at").asText(), now));
        tokens.put(key, token, now);
        return token.accessToken();
    }

    private static Instant expiry(String text, Instant now) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // Unknown format: use the token for this command only.
            return now.plusSeconds(60);
        }
    }

    private ApiResponse send(
            String method,
            String path,
            Map<String, String> query,
            Optional<String> body,
            Optional<String> authorization) {
        Optional<String> apiKey =
                credentials instanceof Credentials.ApiKey key
                        ? Optional.of(key.key())
                        : Optional.empty();
        return send(method, path, query, body, apiKey, authorization);
    }

    private ApiResponse send(
            String method,
            String path,
            Map<String, String> query,
            Optional<String> body,
            Optional<String> apiKey,
            Optional<String> authorization) {
        URI uri = uri(path, query);
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Accept", "application/json")
                        .method(
                                method,
                                body.map(HttpRequest.BodyPublishers::ofString)
                                        .orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(b -> builder.header("Content-Type", "application/json"));
        apiKey.ifPresent(k -> builder.header("X-SFTPGO-API-KEY", k));
        authorization.ifPresent(a -> builder.header("Authorization", a));
        HttpRequest request = builder.build();
        debug.request(request, body.orElse(""));
        long start = System.nanoTime();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            debug.response(
                    response.statusCode(),
                    (System.nanoTime() - start) / 1_000_000,
                    response.body());
            return new ApiResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new CliFailure(
                    ExitCodes.UNREACHABLE,
                    "cannot connect to "
                            + baseUrl
                            + ": "
                            + describe(e)
                            + " (is the API running? set --base-url or SLUICE_URL)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted while calling " + uri);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException && e.getMessage() == null) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private URI uri(String path, Map<String, String> query) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Map<String, String> present = new LinkedHashMap<>(query);
        String queryText =
                present.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return URI.create(base + path + (queryText.isEmpty() ? "" : "?" + queryText));
    }

    /** Encodes a path segment or query value (a user name, an API key id). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
