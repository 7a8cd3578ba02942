package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.ADD_USERS;
import static dev.sluice.admins.AdminPermission.DEL_USERS;
import static dev.sluice.admins.AdminPermission.EDIT_USERS;
import static dev.sluice.admins.AdminPermission.QUOTA_SCANS;
import static dev.sluice.admins.AdminPermission.VIEW_USERS;

import dev.sluice.dynamo.UsageCounters;
import dev.sluice.folders.FolderService;
import dev.sluice.folders.FolderValidator;
import dev.sluice.folders.VirtualFolder;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.users.User;
import dev.sluice.users.UserService;
import dev.sluice.users.UserValidator;
import dev.sluice.validation.Problems;
import java.util.List;

/**
 * {@code /api/v2/users}, {@code /api/v2/folders} and the quota usage routes. Folders use the
 * user permissions, as in SFTPGo's API before folder-specific permissions existed.
 */
public final class UsersHandler extends ApiFunction {

    public UsersHandler() {
        this(ApiContext.fromEnvironment());
    }

    public UsersHandler(ApiContext context) {
        super(routes(context));
    }

    /** SFTPGo's {@code QuotaUsage} body for the usage routes. */
    public record QuotaUsageBody(long usedQuotaSize, int usedQuotaFiles) {
    }

    static List<Route> routes(ApiContext context) {
        // The rules the services apply, run early only to list a body's problems together (see Requests.body).
        String bucket = context == null ? "" : context.config().bucket();
        java.util.function.Consumer<User> userRules = user -> new UserValidator(bucket).validate(user);
        return List.of(
            new Route("GET", "/api/v2/users", Access.admin(context, VIEW_USERS,
                (request, caller) -> ApiResponse.json(200, context.users().list(Requests.page(request))))),
            new Route("POST", "/api/v2/users", Access.admin(context, ADD_USERS, (request, caller) -> {
                User created = Requests.written(context.users().create(Requests.body(request, User.class, userRules), false), "user");
                return ApiResponse.json(201, created).withHeader("Location", "/api/v2/users/" + created.username());
            })),
            new Route("GET", "/api/v2/users/{username}", Access.admin(context, VIEW_USERS, (request, caller) -> {
                String username = request.pathParam("username");
                return ApiResponse.json(200, context.users().get(username)
                    .orElseThrow(() -> ApiException.notFound("user \"" + username + "\" does not exist")));
            })),
            new Route("PUT", "/api/v2/users/{username}", Access.admin(context, EDIT_USERS, (request, caller) -> {
                String username = request.pathParam("username");
                // As UserService.update sees it: the name from the path, an absent password keeps the stored one.
                User input = Requests.body(request, User.class, u -> new UserValidator(bucket).validate(
                    u.toBuilder().username(username).hasPassword(Boolean.TRUE).build()));
                Requests.written(context.users().update(username, input), "user");
                return ApiResponse.message(200, "User updated");
            })),
            new Route("DELETE", "/api/v2/users/{username}", Access.admin(context, DEL_USERS, (request, caller) -> {
                User deleted = Requests.written(context.users().delete(request.pathParam("username")), "user");
                // Its keys are useless now (bound to its identity); they must not look like a later namesake's.
                context.apiKeys().deleteBoundTo(dev.sluice.apikeys.ApiKey.SCOPE_USER, deleted.id());
                return ApiResponse.message(200, "User deleted");
            })),
            new Route("GET", "/api/v2/folders", Access.admin(context, VIEW_USERS,
                (request, caller) -> ApiResponse.json(200, context.folders().list(Requests.page(request))))),
            new Route("POST", "/api/v2/folders", Access.admin(context, ADD_USERS, (request, caller) -> {
                VirtualFolder created = Requests.written(context.folders().create(Requests.body(request, VirtualFolder.class, f -> FolderValidator.validate(f, bucket)), false), "folder");
                return ApiResponse.json(201, created).withHeader("Location", "/api/v2/folders/" + created.name());
            })),
            new Route("GET", "/api/v2/folders/{name}", Access.admin(context, VIEW_USERS, (request, caller) -> {
                String name = request.pathParam("name");
                return ApiResponse.json(200, context.folders().get(name)
                    .orElseThrow(() -> ApiException.notFound("folder \"" + name + "\" does not exist")));
            })),
            new Route("PUT", "/api/v2/folders/{name}", Access.admin(context, EDIT_USERS, (request, caller) -> {
                String name = request.pathParam("name");
                VirtualFolder input = Requests.body(request, VirtualFolder.class, f -> FolderValidator.validate(
                    new VirtualFolder(name, f.mappedPath(), f.description(), 0, 0, 0, List.of(), f.filesystem()), bucket));
                Requests.written(context.folders().update(name, input), "folder");
                return ApiResponse.message(200, "Folder updated");
            })),
            new Route("DELETE", "/api/v2/folders/{name}", Access.admin(context, DEL_USERS, (request, caller) -> {
                Requests.written(context.folders().delete(request.pathParam("name")), "folder");
                return ApiResponse.message(200, "Folder deleted");
            })),
            new Route("PUT", "/api/v2/quotas/users/{username}/usage", Access.admin(context, QUOTA_SCANS,
                (request, caller) -> updateUsage(request, context.userStore().usage(), "user",
                    request.pathParam("username"), context.clock().millis()))),
            new Route("PUT", "/api/v2/quotas/folders/{name}/usage", Access.admin(context, QUOTA_SCANS,
                (request, caller) -> updateUsage(request, context.folderStore().usage(), "folder",
                    request.pathParam("name"), context.clock().millis()))));
    }

    /**
     * SFTPGo's manual usage update: {@code mode=reset} (default) sets the counters,
     * {@code mode=add} adds to them (negative values subtract; never below zero) in one conditional
     * update, and refuses a result past the counter's range (int64 bytes, int32 files) with a 400.
     */
    private static ApiResponse updateUsage(ApiRequest request, UsageCounters counters, String what, String key, long now) {
        String mode = request.queryParam("mode").orElse("reset");
        if (!mode.equals("reset") && !mode.equals("add")) {
            new Problems().add("mode", mode, "must be reset or add").throwIfAny();
        }
        QuotaUsageBody body = Requests.body(request, QuotaUsageBody.class);
        boolean found;
        if (mode.equals("reset")) {
            Problems problems = new Problems();
            if (body.usedQuotaSize() < 0) {
                problems.add("used_quota_size", body.usedQuotaSize(), "must be 0 or more (bytes)");
            }
            if (body.usedQuotaFiles() < 0) {
                problems.add("used_quota_files", body.usedQuotaFiles(), "must be 0 or more (files)");
            }
            problems.throwIfAny();
            found = counters.set(key, body.usedQuotaSize(), body.usedQuotaFiles(), now);
        } else {
            found = switch (counters.adjust(key, body.usedQuotaSize(), body.usedQuotaFiles(), now)) {
                case UsageCounters.Adjusted adjusted -> true;
                case UsageCounters.Missing missing -> false;
                case UsageCounters.OutOfRange out -> {
                    long value = out.field().equals(UsageCounters.USED_SIZE) ? body.usedQuotaSize() : body.usedQuotaFiles();
                    new Problems().add(out.field(), value, "adding it would pass the counter's range, 0 to " + out.max()
                        + "; nothing was changed").throwIfAny();
                    yield false;
                }
            };
        }
        if (!found) {
            throw ApiException.notFound(what + " \"" + key + "\" does not exist");
        }
        return ApiResponse.message(200, "Quota updated");
    }
}
