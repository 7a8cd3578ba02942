package dev.sluice.lambdas.api;

import dev.sluice.admins.AdminPermission;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.PathParameters;
import dev.sluice.lambdas.http.Route;

/** Wraps an endpoint with authentication and the admin permission it needs. */
final class Access {

    /** An endpoint that runs for an authenticated admin. */
    @FunctionalInterface
    interface AdminEndpoint {
        ApiResponse handle(ApiRequest request, Caller.AdminCaller caller);
    }

    private Access() {}

    /** Any authenticated admin with {@code permission} (or "*"). */
    static Route.Endpoint admin(
            ApiContext context, AdminPermission permission, AdminEndpoint endpoint) {
        return request -> {
            Caller.AdminCaller caller = requireAdmin(context.authenticator().authenticate(request));
            if (!caller.admin().has(permission)) {
                throw ApiException.forbidden(
                        "this operation needs the admin permission \"" + permission.json() + "\"");
            }
            PathParameters.check(request.pathParams());
            return endpoint.handle(request, caller);
        };
    }

    /** Any authenticated admin, whatever its permissions. */
    static Route.Endpoint anyAdmin(ApiContext context, AdminEndpoint endpoint) {
        return request -> {
            Caller.AdminCaller caller = requireAdmin(context.authenticator().authenticate(request));
            PathParameters.check(request.pathParams());
            return endpoint.handle(request, caller);
        };
    }

    private static Caller.AdminCaller requireAdmin(Caller caller) {
        return switch (caller) {
            case Caller.AdminCaller admin -> admin;
            case Caller.UserCaller user ->
                    throw ApiException.forbidden(
                            "this API key acts as user \""
                                    + user.user().username()
                                    + "\"; admin routes need an admin token or admin API key");
        };
    }
}
