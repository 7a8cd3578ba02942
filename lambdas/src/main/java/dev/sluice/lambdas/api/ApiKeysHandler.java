package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.MANAGE_APIKEYS;

import dev.sluice.apikeys.ApiKey;
import dev.sluice.apikeys.ApiKeyValidator;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import java.util.List;

/**
 * {@code /api/v2/apikeys}: behind {@code manage_apikeys}, and never reachable with an API key (a
 * key cannot mint or reveal keys).
 */
public final class ApiKeysHandler extends ApiFunction {

    public ApiKeysHandler() {
        this(ApiContext.fromEnvironment());
    }

    public ApiKeysHandler(ApiContext context) {
        super(routes(context));
    }

    /** SFTPGo's reply to a key creation. */
    public record Created(String message, String key) {}

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/apikeys",
                        tokenOnly(
                                context,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.apiKeys().list(Requests.page(request))))),
                new Route(
                        "POST",
                        "/api/v2/apikeys",
                        tokenOnly(
                                context,
                                (request, caller) -> {
                                    ApiKey input =
                                            Requests.body(
                                                    request,
                                                    ApiKey.class,
                                                    ApiKeyValidator::validate);
                                    ApiKey created =
                                            AdminsHandler.refusedAsForbidden(
                                                    () ->
                                                            context.apiKeys()
                                                                    .create(input, caller.admin()));
                                    return ApiResponse.json(
                                                    201,
                                                    new Created(
                                                            "API key created. This is the only time the API key is visible, please save it.",
                                                            created.key()))
                                            .withHeader(
                                                    "Location", "/api/v2/apikeys/" + created.id())
                                            .withHeader("X-Object-ID", created.id());
                                })),
                new Route(
                        "GET",
                        "/api/v2/apikeys/{id}",
                        tokenOnly(
                                context,
                                (request, caller) -> {
                                    String id = request.pathParam("id");
                                    return ApiResponse.json(
                                            200,
                                            context.apiKeys()
                                                    .get(id)
                                                    .orElseThrow(
                                                            () ->
                                                                    ApiException.notFound(
                                                                            "API key \""
                                                                                    + id
                                                                                    + "\" does not exist")));
                                })),
                new Route(
                        "PUT",
                        "/api/v2/apikeys/{id}",
                        tokenOnly(
                                context,
                                (request, caller) -> {
                                    ApiKey input =
                                            Requests.body(
                                                    request,
                                                    ApiKey.class,
                                                    ApiKeyValidator::validate);
                                    AdminsHandler.refusedAsForbidden(
                                            () ->
                                                    Requests.written(
                                                            context.apiKeys()
                                                                    .update(
                                                                            request.pathParam("id"),
                                                                            input,
                                                                            caller.admin()),
                                                            "API key"));
                                    return ApiResponse.message(200, "API key updated");
                                })),
                new Route(
                        "DELETE",
                        "/api/v2/apikeys/{id}",
                        tokenOnly(
                                context,
                                (request, caller) -> {
                                    AdminsHandler.refusedAsForbidden(
                                            () ->
                                                    Requests.written(
                                                            context.apiKeys()
                                                                    .delete(
                                                                            request.pathParam("id"),
                                                                            caller.admin()),
                                                            "API key"));
                                    return ApiResponse.message(200, "API key deleted");
                                })));
    }

    private static dev.sluice.lambdas.http.Route.Endpoint tokenOnly(
            ApiContext context, Access.AdminEndpoint endpoint) {
        return Access.admin(
                context,
                MANAGE_APIKEYS,
                (request, caller) -> {
                    if (caller.viaApiKey()) {
                        throw ApiException.forbidden(
                                "API keys cannot manage API keys; use an admin token from /api/v2/token");
                    }
                    return endpoint.handle(request, caller);
                });
    }
}
