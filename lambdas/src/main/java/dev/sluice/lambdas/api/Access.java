package dev.sluice.lambdas.api;

import dev.sluice.admins.AdminPermission;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.PathParameters;
import dev.sluice.lambdas.http.Route;
import java.util.List;
import java.util.stream.Collectors;

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
        return admin(context, List.of(permission), endpoint);
    }

    /**
     * Any authenticated admin with one of {@code anyOf} (or "*"): for routes both a Sluice (SFTPGo
     * 2.4) permission and an SFTPGo 2.7 one grant, such as the folders ({@code view_users} or
     * {@code manage_folders}).
     */
    static Route.Endpoint admin(
            ApiContext context, List<AdminPermission> anyOf, AdminEndpoint endpoint) {
        String needs = needs(anyOf);
        return request -> {
            Caller.AdminCaller caller = requireAdmin(context.authenticator().authenticate(request));
            if (anyOf.stream().noneMatch(caller.admin()::has)) {
                throw ApiException.forbidden("this operation needs " + needs);
            }
            PathParameters.check(request.pathParams());
            return endpoint.handle(request, caller);
        };
    }

    /** What a refused admin lacks, in the 403's message. */
    static String needs(List<AdminPermission> anyOf) {
        String names =
                anyOf.stream().map(p -> "\"" + p.json() + "\"").collect(Collectors.joining(" or "));
        return anyOf.size() == 1
                ? "the admin permission " + names
                : "one of the admin permissions " + names;
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
