package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for the API, as curl would use it. */
final class ApiClient {

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ApiClient(URI base) {
        this.base = base;
    }

    /** One response: status, headers, body text. */
    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Json.read(body, JsonNode.class);
        }

        String message() {
            return json().path("message").asText();
        }

        Reply expect(int expected) {
            assertThat(status).as("HTTP status; body: %s", body).isEqualTo(expected);
            return this;
        }
    }

    /** Sends and checks the response against the OpenAPI document. */
    Reply send(String method, String path, Map<String, String> headers, String body) {
        Reply reply = raw(method, path, headers, body);
        String violations = ContractValidator.check(method, path, reply);
        assertThat(violations)
                .as(
                        "response to %s %s does not match the OpenAPI document: %s",
                        method, path, reply.body())
                .isEmpty();
        return reply;
    }

    /** Sends without the contract check: for paths and methods the document rightly lacks. */
    Reply raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response =
                    http.send(
                            request.build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> out = new LinkedHashMap<>();
            response.headers()
                    .map()
                    .forEach((k, v) -> out.put(k.toLowerCase(), String.join(",", v)));
            return new Reply(response.statusCode(), out, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, bearer(token), null);
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, bearer(token), null);
    }

    Reply post(String path, String token, String json) {
        return send("POST", path, jsonBearer(token), json);
    }

    Reply put(String path, String token, String json) {
        return send("PUT", path, jsonBearer(token), json);
    }

    String token(String username, String password) {
        Reply reply = send("GET", "/api/v2/token", basic(username, password), null).expect(200);
        return reply.json().path("access_token").asText();
    }

    static Map<String, String> basic(String username, String password) {
        return Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (username + ":" + password)
                                                .getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    static Map<String, String> jsonBearer(String token) {
        Map<String, String> headers = new LinkedHashMap<>(bearer(token));
        headers.put("Content-Type", "application/json");
        return headers;
    }

    static Map<String, String> apiKey(String key) {
        return Map.of("X-SFTPGO-API-KEY", key, "Content-Type", "application/json");
    }
}
