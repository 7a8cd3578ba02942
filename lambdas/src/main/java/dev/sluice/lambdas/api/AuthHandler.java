package dev.sluice.lambdas.api;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminStore;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import java.util.List;

/** {@code GET /api/v2/token} (HTTP Basic) and {@code GET /api/v2/logout}. */
public final class AuthHandler extends ApiFunction {

    public AuthHandler() {
        this(ApiContext.fromEnvironment());
    }

    public AuthHandler(ApiContext context) {
        super(routes(context));
    }

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/token",
                        request -> {
                            context.bootstrapFirstAdmin();
                            Admin admin = context.authenticator().basic(request);
                            recordLogin(context.adminStore(), admin, context.clock().millis());
                            return ApiResponse.json(200, context.tokens().issue(admin));
                        }),
                new Route(
                        "GET",
                        "/api/v2/logout",
                        request ->
                                switch (context.authenticator().authenticate(request)) {
                                    case Caller.AdminCaller admin
                                            when admin.token().isPresent() -> {
                                        context.tokens().revoke(admin.token().get());
                                        yield ApiResponse.message(
                                                200, "Your token has been invalidated");
                                    }
                                    default ->
                                            throw ApiException.badRequest(
                                                    "logout revokes a Bearer token; this request carried an API key");
                                }));
    }

    /** Like SFTPGo, last_login is saved at most every 10 minutes. */
    private static void recordLogin(AdminStore admins, Admin admin, long now) {
        if (now - admin.lastLogin() > 10 * 60 * 1000) {
            admins.update(admin.username(), stored -> stored.withLastLogin(now));
        }
    }
}
