package dev.sluice.lambdas.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API request as the handlers see it, built from an API Gateway HTTP API (payload 2.0) event.
 *
 * @param headers lower-cased names (HTTP header names are case-insensitive)
 * @param pathParams filled in by the {@link Router} from the route template
 * @param body the decoded body bytes (API Gateway base64-encodes binary bodies)
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, String> pathParams,
        byte[] body,
        String sourceIp,
        String requestId) {

    public ApiRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        pathParams = Map.copyOf(pathParams);
        body = body == null ? new byte[0] : body;
    }

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http != null && http.getMethod() != null ? http.getMethod() : "GET";
        String path =
                event.getRawPath() != null
                        ? event.getRawPath()
                        : http != null ? http.getPath() : "/";
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Map<String, String> query =
                event.getQueryStringParameters() == null
                        ? Map.of()
                        : event.getQueryStringParameters();
        byte[] body = null;
        if (event.getBody() != null) {
            body =
                    event.getIsBase64Encoded()
                            ? Base64.getDecoder().decode(event.getBody())
                            : event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        String sourceIp = http != null ? http.getSourceIp() : null;
        String requestId =
                event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null;
        return new ApiRequest(
                method.toUpperCase(Locale.ROOT),
                path,
                headers,
                query,
                Map.of(),
                body,
                sourceIp == null ? "" : sourceIp,
                requestId == null ? "" : requestId);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, headers, query, params, body, sourceIp, requestId);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
