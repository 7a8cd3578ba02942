package dev.sluice.lambdas.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sluice.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API response; {@link #toEvent()} gives the API Gateway HTTP API (payload 2.0) form. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static final String JSON = "application/json";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, securityHeaders(JSON), Json.write(value));
    }

    /** SFTPGo's {@code ApiResponse}: {"message": "..."} on success. */
    public static ApiResponse message(int status, String message) {
        return json(status, new Message(message, null));
    }

    /** SFTPGo's error body: {"error": "...", "message": "..."}. */
    public static ApiResponse error(int status, String error, String message) {
        return json(status, new Message(message, error));
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, securityHeaders(contentType), body);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put(name, value);
        return new ApiResponse(status, out, body);
    }

    public APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, String> securityHeaders(String contentType) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Content-Type", contentType);
        out.put("Cache-Control", "no-store");
        out.put("X-Content-Type-Options", "nosniff");
        return out;
    }

    /** The body of SFTPGo's {@code ApiResponse} schema. */
    public record Message(String message, String error) {}
}
