package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.ADD_USERS;
import static dev.sluice.admins.AdminPermission.DEL_USERS;
import static dev.sluice.admins.AdminPermission.EDIT_USERS;
import static dev.sluice.admins.AdminPermission.MANAGE_FOLDERS;
import static dev.sluice.admins.AdminPermission.QUOTA_SCANS;
import static dev.sluice.admins.AdminPermission.VIEW_USERS;

import dev.sluice.admins.AdminPermission;
import dev.sluice.folders.FolderValidator;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.quota.QuotaScope;
import dev.sluice.quota.Quotas;
import dev.sluice.quota.UsageUpdate;
import dev.sluice.users.User;
import dev.sluice.users.UserValidator;
import dev.sluice.validation.Problems;
import dev.sluice.validation.ValidationException;
import java.util.List;

/**
 * {@code /api/v2/users}, {@code /api/v2/folders}, the quota usage routes and the quota scans
 * ({@link QuotaScansApi}). Folders take the user permissions (as Sluice always has, and SFTPGo
 * before folder-specific permissions existed) or SFTPGo 2.6+'s {@code manage_folders}; the usage
 * updates take Sluice's {@code quota_scans} or the permission SFTPGo 2.7 asks there ({@code
 * edit_users}, {@code manage_folders}).
 */
public final class UsersHandler extends ApiFunction {

    private static final List<AdminPermission> FOLDERS_VIEW = List.of(VIEW_USERS, MANAGE_FOLDERS);
    private static final List<AdminPermission> FOLDERS_ADD = List.of(ADD_USERS, MANAGE_FOLDERS);
    private static final List<AdminPermission> FOLDERS_EDIT = List.of(EDIT_USERS, MANAGE_FOLDERS);
    private static final List<AdminPermission> FOLDERS_DELETE = List.of(DEL_USERS, MANAGE_FOLDERS);
    private static final List<AdminPermission> USER_USAGE = List.of(QUOTA_SCANS, EDIT_USERS);
    private static final List<AdminPermission> FOLDER_USAGE = List.of(QUOTA_SCANS, MANAGE_FOLDERS);

    public UsersHandler() {
        this(ApiContext.fromEnvironment());
    }

    public UsersHandler(ApiContext context) {
        super(routes(context));
    }

    /** SFTPGo's {@code QuotaUsage} body for the usage routes. */
    public record QuotaUsageBody(long usedQuotaSize, int usedQuotaFiles) {}

    static List<Route> routes(ApiContext context) {
        // The rules the services apply, run early only to list a body's problems together (see
        // Requests.body).
        String bucket = context == null ? "" : context.config().bucket();
        java.util.function.Consumer<User> userRules =
                user -> new UserValidator(bucket).validate(user);
        List<Route> routes = new java.util.ArrayList<>(crud(context, bucket, userRules));
        // The scans live under /api/v2/quotas, which this function serves on AWS.
        routes.addAll(QuotaScansApi.routes(context));
        return List.copyOf(routes);
    }

    private static List<Route> crud(
            ApiContext context, String bucket, java.util.function.Consumer<User> userRules) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/users",
                        Access.admin(
                                context,
                                VIEW_USERS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.users().list(Requests.page(request))))),
                new Route(
                        "POST",
                        "/api/v2/users",
                        Access.admin(
                                context,
                                ADD_USERS,
                                (request, caller) -> {
                                    User created =
                                            Requests.written(
                                                    context.users()
                                                            .create(
                                                                    Requests.body(
                                                                            request,
                                                                            User.class,
                                                                            userRules),
                                                                    false),
                                                    "user");
                                    return ApiResponse.json(201, created)
                                            .withHeader(
                                                    "Location",
                                                    "/api/v2/users/" + created.username());
                                })),
                new Route(
                        "GET",
                        "/api/v2/users/{username}",
                        Access.admin(
                                context,
                                VIEW_USERS,
                                (request, caller) -> {
                                    String username = request.pathParam("username");
                                    return ApiResponse.json(
                                            200,
                                            context.users()
                                                    .get(username)
                                                    .orElseThrow(
                                                            () ->
                                                                    ApiException.notFound(
                                                                            "user \""
                                                                                    + username
                                                                                    + "\" does not exist")));
                                })),
                new Route(
                        "PUT",
                        "/api/v2/users/{username}",
                        Access.admin(
                                context,
                                EDIT_USERS,
                                (request, caller) -> {
                                    String username = request.pathParam("username");
                                    // As UserService.update sees it: the name from the path, an
                                    // absent password keeps the stored one.
                                    User input =
                                            Requests.body(
                                                    request,
                                                    User.class,
                                                    u ->
                                                            new UserValidator(bucket)
                                                                    .validate(
                                                                            u.toBuilder()
                                                                                    .username(
                                                                                            username)
                                                                                    .hasPassword(
                                                                                            Boolean
                                                                                                    .TRUE)
                                                                                    .build()));
                                    Requests.written(
                                            context.users().update(username, input), "user");
                                    return ApiResponse.message(200, "User updated");
                                })),
                new Route(
                        "DELETE",
                        "/api/v2/users/{username}",
                        Access.admin(
                                context,
                                DEL_USERS,
                                (request, caller) -> {
                                    User deleted =
                                            Requests.written(
                                                    context.users()
                                                            .delete(request.pathParam("username")),
                                                    "user");
                                    // Its keys are useless now (bound to its identity); they must
                                    // not look like a later namesake's.
                                    context.apiKeys()
                                            .deleteBoundTo(
                                                    dev.sluice.apikeys.ApiKey.SCOPE_USER,
                                                    deleted.id());
                                    return ApiResponse.message(200, "User deleted");
                                })),
                new Route(
                        "GET",
                        "/api/v2/folders",
                        Access.admin(
                                context,
                                FOLDERS_VIEW,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.folders().list(Requests.page(request))))),
                new Route(
                        "POST",
                        "/api/v2/folders",
                        Access.admin(
                                context,
                                FOLDERS_ADD,
                                (request, caller) -> {
                                    VirtualFolder created =
                                            Requests.written(
                                                    context.folders()
                                                            .create(
                                                                    Requests.body(
                                                                            request,
                                                                            VirtualFolder.class,
                                                                            f ->
                                                                                    FolderValidator
                                                                                            .validate(
                                                                                                    f,
                                                                                                    bucket)),
                                                                    false),
                                                    "folder");
                                    return ApiResponse.json(201, created)
                                            .withHeader(
                                                    "Location",
                                                    "/api/v2/folders/" + created.name());
                                })),
                new Route(
                        "GET",
                        "/api/v2/folders/{name}",
                        Access.admin(
                                context,
                                FOLDERS_VIEW,
                                (request, caller) -> {
                                    String name = request.pathParam("name");
                                    return ApiResponse.json(
                                            200,
                                            context.folders()
                                                    .get(name)
                                                    .orElseThrow(
                                                            () ->
                                                                    ApiException.notFound(
                                                                            "folder \""
                                                                                    + name
                                                                                    + "\" does not exist")));
                                })),
                new Route(
                        "PUT",
                        "/api/v2/folders/{name}",
                        Access.admin(
                                context,
                                FOLDERS_EDIT,
                                (request, caller) -> {
                                    String name = request.pathParam("name");
                                    VirtualFolder input =
                                            Requests.body(
                                                    request,
                                                    VirtualFolder.class,
                                                    f ->
                                                            FolderValidator.validate(
                                                                    new VirtualFolder(
                                                                            name,
                                                                            f.mappedPath(),
                                                                            f.description(),
                                                                            0,
                                                                            0,
                                                                            0,
                                                                            List.of(),
                                                                            f.filesystem()),
                                                                    bucket));
                                    Requests.written(
                                            context.folders().update(name, input), "folder");
                                    return ApiResponse.message(200, "Folder updated");
                                })),
                new Route(
                        "DELETE",
                        "/api/v2/folders/{name}",
                        Access.admin(
                                context,
                                FOLDERS_DELETE,
                                (request, caller) -> {
                                    Requests.written(
                                            context.folders().delete(request.pathParam("name")),
                                            "folder");
                                    return ApiResponse.message(200, "Folder deleted");
                                })),
                new Route(
                        "PUT",
                        "/api/v2/quotas/users/{username}/usage",
                        Access.admin(
                                context,
                                USER_USAGE,
                                (request, caller) ->
                                        updateUsage(
                                                request,
                                                quotas(context),
                                                QuotaScope.Owner.USER,
                                                request.pathParam("username")))),
                new Route(
                        "PUT",
                        "/api/v2/quotas/folders/{name}/usage",
                        Access.admin(
                                context,
                                FOLDER_USAGE,
                                (request, caller) ->
                                        updateUsage(
                                                request,
                                                quotas(context),
                                                QuotaScope.Owner.FOLDER,
                                                request.pathParam("name")))));
    }

    private static Quotas quotas(ApiContext context) {
        return Quotas.of(context.userStore(), context.folderStore(), context.clock());
    }

    /**
     * SFTPGo's manual usage update: {@code mode=reset} (default) sets the counters, {@code
     * mode=add} adds to them; the quota service applies either in one conditional write and says
     * what was wrong with the values (a 400) or that the owner does not exist (a 404).
     */
    private static ApiResponse updateUsage(
            ApiRequest request, Quotas quotas, QuotaScope.Owner owner, String key) {
        String mode = request.queryParam("mode").orElse("reset");
        if (!mode.equals("reset") && !mode.equals("add")) {
            new Problems().add("mode", mode, "must be reset or add").throwIfAny();
        }
        QuotaUsageBody body = Requests.body(request, QuotaUsageBody.class);
        UsageUpdate update =
                mode.equals("reset")
                        ? quotas.reset(owner, key, body.usedQuotaSize(), body.usedQuotaFiles())
                        : quotas.adjust(owner, key, body.usedQuotaSize(), body.usedQuotaFiles());
        return switch (update) {
            case UsageUpdate.Updated updated -> ApiResponse.message(200, "Quota updated");
            case UsageUpdate.Invalid invalid -> throw new ValidationException(invalid.errors());
            case UsageUpdate.NotFound missing ->
                    throw ApiException.notFound(
                            (owner == QuotaScope.Owner.USER ? "user" : "folder")
                                    + " \""
                                    + key
                                    + "\" does not exist");
        };
    }
}
