package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.MANAGE_ADMINS;

import dev.sluice.admins.Admin;
import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminValidator;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import java.util.List;

/** {@code /api/v2/admins}: administrators, all behind {@code manage_admins}. */
public final class AdminsHandler extends ApiFunction {

    public AdminsHandler() {
        this(ApiContext.fromEnvironment());
    }

    public AdminsHandler(ApiContext context) {
        super(routes(context));
    }

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/admins",
                        Access.admin(
                                context,
                                MANAGE_ADMINS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.admins().list(Requests.page(request))))),
                new Route(
                        "POST",
                        "/api/v2/admins",
                        Access.admin(
                                context,
                                MANAGE_ADMINS,
                                (request, caller) -> {
                                    Admin input =
                                            Requests.body(
                                                    request,
                                                    Admin.class,
                                                    a -> AdminValidator.validate(a, true));
                                    Admin created =
                                            refusedAsForbidden(
                                                    () ->
                                                            Requests.written(
                                                                    context.admins()
                                                                            .create(
                                                                                    input,
                                                                                    caller.admin()),
                                                                    "admin"));
                                    return ApiResponse.json(201, created)
                                            .withHeader(
                                                    "Location",
                                                    "/api/v2/admins/" + created.username());
                                })),
                new Route(
                        "GET",
                        "/api/v2/admins/{username}",
                        Access.admin(
                                context,
                                MANAGE_ADMINS,
                                (request, caller) -> {
                                    String username = request.pathParam("username");
                                    return ApiResponse.json(
                                            200,
                                            context.admins()
                                                    .get(username)
                                                    .orElseThrow(
                                                            () ->
                                                                    ApiException.notFound(
                                                                            "admin \""
                                                                                    + username
                                                                                    + "\" does not exist")));
                                })),
                new Route(
                        "PUT",
                        "/api/v2/admins/{username}",
                        Access.admin(
                                context,
                                MANAGE_ADMINS,
                                (request, caller) -> {
                                    String username = request.pathParam("username");
                                    if (caller.viaApiKey()
                                            && caller.admin().username().equals(username)) {
                                        throw ApiException.forbidden(
                                                "an API key cannot modify the admin it impersonates");
                                    }
                                    Admin input =
                                            Requests.body(
                                                    request,
                                                    Admin.class,
                                                    a ->
                                                            AdminValidator.validate(
                                                                    new Admin(
                                                                            0,
                                                                            username,
                                                                            a.password(),
                                                                            a.status(),
                                                                            a.email(),
                                                                            a.description(),
                                                                            a.permissions(),
                                                                            a.filters(),
                                                                            a.additionalInfo(),
                                                                            0,
                                                                            0,
                                                                            0),
                                                                    false));
                                    Admin before = context.adminStore().find(username).orElse(null);
                                    refusedAsForbidden(
                                            () ->
                                                    Requests.written(
                                                            context.admins()
                                                                    .update(
                                                                            username,
                                                                            input,
                                                                            caller.admin()),
                                                            "admin"));
                                    Admin after = context.adminStore().find(username).orElse(null);
                                    if (before != null
                                            && after != null
                                            && (before.status() != after.status()
                                                    || !before.permissions()
                                                            .equals(after.permissions())
                                                    || !java.util.Objects.equals(
                                                            before.password(), after.password()))) {
                                        // Tokens must not outlive the credentials they were issued
                                        // for, even if the change is undone later.
                                        context.tokens().revokeAll(after);
                                    }
                                    return ApiResponse.message(200, "Admin updated");
                                })),
                new Route(
                        "DELETE",
                        "/api/v2/admins/{username}",
                        Access.admin(
                                context,
                                MANAGE_ADMINS,
                                (request, caller) -> {
                                    String username = request.pathParam("username");
                                    Admin deleted =
                                            refusedAsForbidden(
                                                    () ->
                                                            Requests.written(
                                                                    context.admins()
                                                                            .delete(
                                                                                    username,
                                                                                    caller.admin()),
                                                                    "admin"));
                                    // Its keys are useless now (bound to its identity); they must
                                    // not look like a later namesake's.
                                    context.apiKeys()
                                            .deleteBoundTo(
                                                    dev.sluice.apikeys.ApiKey.SCOPE_ADMIN,
                                                    deleted.id());
                                    return ApiResponse.message(200, "Admin deleted");
                                })));
    }

    static <T> T refusedAsForbidden(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminService.Refused e) {
            throw ApiException.forbidden(e.getMessage());
        }
    }
}
