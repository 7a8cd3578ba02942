package dev.sluice.lambdas.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sluice.json.Json;
import dev.sluice.lambdas.api.AuthHandler;
import dev.sluice.lambdas.api.UsersHandler;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Measures what a Lambda cold start costs, in a fresh JVM holding only the Lambda jar: time to
 * construct the handler (class loading, SDK clients, secrets), then the first token request and the
 * first user listing. Run by {@code bench/cold-start}; it is not part of the API.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) {
        String username = args[0];
        String password = args[1];
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainStart = System.currentTimeMillis();

        long t0 = System.nanoTime();
        AuthHandler auth = new AuthHandler();
        long authInit = System.nanoTime() - t0;

        t0 = System.nanoTime();
        APIGatewayV2HTTPResponse token =
                auth.handleRequest(
                        event(
                                "/api/v2/token",
                                Map.of(
                                        "authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                (username + ":" + password)
                                                                        .getBytes(
                                                                                StandardCharsets
                                                                                        .UTF_8)))),
                        null);
        long tokenFirst = System.nanoTime() - t0;
        require(token, "token");
        String accessToken = Json.read(token.getBody(), Map.class).get("access_token").toString();

        t0 = System.nanoTime();
        UsersHandler users = new UsersHandler();
        long usersInit = System.nanoTime() - t0;

        t0 = System.nanoTime();
        APIGatewayV2HTTPResponse list =
                users.handleRequest(
                        event("/api/v2/users", Map.of("authorization", "Bearer " + accessToken)),
                        null);
        long listFirst = System.nanoTime() - t0;
        require(list, "list users");

        t0 = System.nanoTime();
        users.handleRequest(
                event("/api/v2/users", Map.of("authorization", "Bearer " + accessToken)), null);
        long listWarm = System.nanoTime() - t0;

        System.out.printf("jvm start to main:        %6d ms%n", mainStart - jvmStart);
        System.out.printf("AuthHandler init:         %6d ms%n", authInit / 1_000_000);
        System.out.printf("first GET /token:         %6d ms%n", tokenFirst / 1_000_000);
        System.out.printf(
                "UsersHandler init:        %6d ms (shares the container's context)%n",
                usersInit / 1_000_000);
        System.out.printf("first GET /users:         %6d ms%n", listFirst / 1_000_000);
        System.out.printf("second GET /users (warm): %6d ms%n", listWarm / 1_000_000);
        System.out.printf(
                "total, JVM start to first list: %d ms%n", System.currentTimeMillis() - jvmStart);
    }

    private static APIGatewayV2HTTPEvent event(String path, Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withRequestContext(
                        APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withRequestId("bench")
                                .withHttp(
                                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                                .withMethod("GET")
                                                .withPath(path)
                                                .withSourceIp("127.0.0.1")
                                                .build())
                                .build())
                .build();
    }

    private static void require(APIGatewayV2HTTPResponse response, String what) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(
                    what + " failed: " + response.getStatusCode() + " " + response.getBody());
        }
    }
}
