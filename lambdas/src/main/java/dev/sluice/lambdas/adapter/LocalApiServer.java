package dev.sluice.lambdas.adapter;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.lambdas.api.ApiFunction;
import dev.sluice.lambdas.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays API Gateway on one machine: takes real HTTP requests, builds the same {@link
 * APIGatewayV2HTTPEvent} (payload format 2.0) API Gateway would, and invokes the same handler
 * classes Lambda runs. Used by the API tests and the local mode.
 */
public final class LocalApiServer implements AutoCloseable {

    /** API Gateway's own payload limit. */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ApiFunction> functions;

    private LocalApiServer(
            HttpServer server, ExecutorService executor, List<ApiFunction> functions) {
        this.server = server;
        this.executor = executor;
        this.functions = List.copyOf(functions);
    }

    /** Starts on {@code address} (port 0 picks a free one). */
    public static LocalApiServer start(InetSocketAddress address, List<ApiFunction> functions)
            throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalApiServer api = new LocalApiServer(server, executor, functions);
        server.createContext("/", api::serve);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            APIGatewayV2HTTPResponse response;
            if (body == null) {
                response =
                        ApiResponse.error(
                                        413,
                                        "Request Entity Too Large",
                                        "API Gateway accepts at most "
                                                + MAX_PAYLOAD_BYTES
                                                + " bytes")
                                .toEvent();
            } else {
                APIGatewayV2HTTPEvent event = toEvent(exchange, body);
                response =
                        functions.stream()
                                .filter(f -> f.router().serves(event.getRawPath()))
                                .findFirst()
                                .map(f -> f.handleRequest(event, null))
                                .orElseGet(
                                        () ->
                                                ApiResponse.json(
                                                                404, Map.of("message", "Not Found"))
                                                        .toEvent());
            }
            write(exchange, response);
        }
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) ->
                                headers.put(
                                        name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // API Gateway joins repeated parameters with commas.
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        String contentType = headers.getOrDefault("content-type", "");
        boolean text =
                contentType.startsWith("application/json") || contentType.startsWith("text/");
        Instant now = Instant.now();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(uri.getRawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(
                        body.length == 0
                                ? null
                                : text
                                        ? new String(body, StandardCharsets.UTF_8)
                                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(
                        APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withRequestId(UUID.randomUUID().toString())
                                .withStage("$default")
                                .withRouteKey("$default")
                                .withTime(REQUEST_TIME.format(now))
                                .withTimeEpoch(now.toEpochMilli())
                                .withDomainName("localhost")
                                .withHttp(
                                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                                .withMethod(exchange.getRequestMethod())
                                                .withPath(uri.getRawPath())
                                                .withProtocol(exchange.getProtocol())
                                                .withSourceIp(sourceIp)
                                                .withUserAgent(
                                                        headers.getOrDefault("user-agent", ""))
                                                .build())
                                .build())
                .build();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The body, or null when it is over API Gateway's limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return body.length > MAX_PAYLOAD_BYTES ? null : body;
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response)
            throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        byte[] bytes =
                response.getBody() == null
                        ? new byte[0]
                        : response.getIsBase64Encoded()
                                ? Base64.getDecoder().decode(response.getBody())
                                : response.getBody().getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(
                response.getStatusCode(), bytes.length == 0 || head ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
