package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.CLOSE_CONNS;
import static dev.sluice.admins.AdminPermission.VIEW_CONNS;
import static dev.sluice.admins.AdminPermission.VIEW_STATUS;

import dev.sluice.connections.Connection;
import dev.sluice.connections.ConnectionStore;
import dev.sluice.dynamo.Tables;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Version, status, health, active connections, the defender's hosts ({@link DefenderApi}), and the
 * OpenAPI document with its Swagger UI.
 */
public final class SystemHandler extends ApiFunction {

    public SystemHandler() {
        this(ApiContext.fromEnvironment());
    }

    public SystemHandler(ApiContext context) {
        super(routes(context));
    }

    /** SFTPGo's {@code VersionInfo}. */
    public record VersionInfo(
            String version, String buildDate, String commitHash, List<String> features) {}

    /** SFTPGo's {@code ServicesStatus}, reduced to what Sluice has. */
    public record ServicesStatus(DataProviderStatus dataProvider) {}

    public record DataProviderStatus(boolean isActive, String driver, String error) {}

    /** SFTPGo's {@code ConnectionStatus} (without transfers: Sluice does not publish them). */
    public record ConnectionStatus(
            String username,
            String connectionId,
            String clientVersion,
            String remoteAddress,
            long connectionTime,
            long lastActivity,
            String protocol,
            String node) {
        static ConnectionStatus of(Connection c) {
            return new ConnectionStatus(
                    c.username(),
                    c.connectionId(),
                    c.clientVersion(),
                    c.remoteAddress(),
                    c.connectionTime(),
                    c.lastActivity(),
                    c.protocol(),
                    c.node());
        }
    }

    static List<Route> routes(ApiContext context) {
        return Stream.concat(systemRoutes(context).stream(), DefenderApi.routes(context).stream())
                .toList();
    }

    private static List<Route> systemRoutes(ApiContext context) {
        String openapi = resource("/openapi/openapi.yaml");
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/connections",
                        Access.admin(
                                context,
                                VIEW_CONNS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                connections(context)
                                                        .live(context.clock().millis())
                                                        .stream()
                                                        .sorted(
                                                                java.util.Comparator.comparingLong(
                                                                        Connection::connectionTime))
                                                        .map(ConnectionStatus::of)
                                                        .toList()))),
                new Route(
                        "DELETE",
                        "/api/v2/connections/{connectionID}",
                        Access.admin(
                                context,
                                CLOSE_CONNS,
                                (request, caller) -> {
                                    String id = request.pathParam("connectionID");
                                    ConnectionStore connections = connections(context);
                                    long now = context.clock().millis();
                                    // Connections are keyed by user; the table holds only live
                                    // sessions, so finding one by id is a small scan.
                                    return connections.live(now).stream()
                                            .filter(c -> c.connectionId().equals(id))
                                            .findFirst()
                                            .filter(
                                                    c ->
                                                            connections.requestClose(
                                                                    c.username(), id, now))
                                            .map(
                                                    c ->
                                                            ApiResponse.message(
                                                                    200,
                                                                    "Connection close requested: its server closes it at its next heartbeat"))
                                            .orElseThrow(
                                                    () ->
                                                            ApiException.notFound(
                                                                    "no active connection " + id));
                                })),
                new Route("GET", "/healthz", request -> ApiResponse.text(200, "text/plain", "ok")),
                new Route(
                        "GET",
                        "/api/v2/version",
                        Access.anyAdmin(
                                context,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                new VersionInfo(
                                                        BuildInfo.VERSION,
                                                        BuildInfo.BUILD_DATE,
                                                        BuildInfo.COMMIT,
                                                        List.of("+s3", "+dynamodb"))))),
                new Route(
                        "GET",
                        "/api/v2/status",
                        Access.admin(
                                context,
                                VIEW_STATUS,
                                (request, caller) -> {
                                    DataProviderStatus store = probe(context);
                                    return ApiResponse.json(
                                            store.isActive() ? 200 : 500,
                                            new ServicesStatus(store));
                                })),
                new Route(
                        "GET",
                        "/api/v2/openapi.yaml",
                        request -> ApiResponse.text(200, "application/yaml", openapi)),
                new Route(
                        "GET",
                        "/openapi",
                        request ->
                                ApiResponse.text(
                                        200, "text/html; charset=utf-8", SwaggerUi.page())),
                new Route(
                        "GET",
                        "/openapi/{asset+}",
                        request -> SwaggerUi.asset(request.pathParam("asset"))));
    }

    private static ConnectionStore connections(ApiContext context) {
        return new ConnectionStore(context.dynamoDb(), context.config().tables());
    }

    /** A real round trip to DynamoDB: the status must not say "active" from a cached belief. */
    static DataProviderStatus probe(ApiContext context) {
        try {
            context.dynamoDb()
                    .getItem(
                            b ->
                                    b.tableName(context.config().tables().of(Tables.ADMINS))
                                            .key(
                                                    Map.of(
                                                            Tables.ADMINS.partitionKey().name(),
                                                            AttributeValue.fromS(
                                                                    "~status-probe"))));
            return new DataProviderStatus(true, "dynamodb", "");
        } catch (RuntimeException e) {
            return new DataProviderStatus(
                    false,
                    "dynamodb",
                    "the data store did not answer: " + e.getClass().getSimpleName());
        }
    }

    static String resource(String path) {
        try (InputStream in = SystemHandler.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
