package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.QUOTA_SCANS;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.jobs.JobRun;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.quota.QuotaScans;
import dev.sluice.quota.QuotaScope;
import dev.sluice.validation.Problems;
import java.util.List;
import java.util.Locale;

/**
 * The quota scan routes, served by the users function with the other {@code /api/v2/quotas} routes:
 * SFTPGo's {@code POST /quotas/users/{username}/scan}, {@code GET /quotas/users/scans} and their
 * folder twins, and Sluice's history of scans. Everything is behind the {@code quota_scans}
 * permission.
 */
final class QuotaScansApi {

    /** Scans listed by the history route unless {@code limit} says otherwise. */
    static final int HISTORY_DEFAULT = 100;

    static final int HISTORY_MAX = 500;

    private QuotaScansApi() {}

    /** SFTPGo's {@code QuotaScan}: a user's scan running now. */
    public record UserScanView(String username, long startTime) {}

    /** SFTPGo's {@code FolderQuotaScan}: a folder's scan running now. */
    public record FolderScanView(String name, long startTime) {}

    /**
     * A scan in the history (a Sluice extension).
     *
     * @param kind {@code user}, {@code folder}, or {@code all} (the daily run over everyone)
     * @param status {@code running}, {@code finished} or {@code failed}
     * @param result a finished scan's counts ({@code bytes}, {@code files} and the limits; the
     *     daily run's totals)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScanRecord(
            String id,
            String kind,
            String name,
            String status,
            long startTime,
            Long endTime,
            String requestedBy,
            String parentRun,
            JsonNode result,
            String error) {}

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/quotas/users/scans",
                        Access.admin(
                                context,
                                QUOTA_SCANS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context
                                                        .quotaScans()
                                                        .running(QuotaScope.Owner.USER)
                                                        .stream()
                                                        .map(
                                                                r ->
                                                                        new UserScanView(
                                                                                r.subject(),
                                                                                r.startedAt()))
                                                        .toList()))),
                new Route(
                        "POST",
                        "/api/v2/quotas/users/{username}/scan",
                        Access.admin(
                                context,
                                QUOTA_SCANS,
                                (request, caller) ->
                                        start(
                                                context,
                                                caller,
                                                QuotaScope.Owner.USER,
                                                request.pathParam("username")))),
                new Route(
                        "GET",
                        "/api/v2/quotas/folders/scans",
                        Access.admin(
                                context,
                                QUOTA_SCANS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context
                                                        .quotaScans()
                                                        .running(QuotaScope.Owner.FOLDER)
                                                        .stream()
                                                        .map(
                                                                r ->
                                                                        new FolderScanView(
                                                                                r.subject(),
                                                                                r.startedAt()))
                                                        .toList()))),
                new Route(
                        "POST",
                        "/api/v2/quotas/folders/{name}/scan",
                        Access.admin(
                                context,
                                QUOTA_SCANS,
                                (request, caller) ->
                                        start(
                                                context,
                                                caller,
                                                QuotaScope.Owner.FOLDER,
                                                request.pathParam("name")))),
                new Route(
                        "GET",
                        "/api/v2/quotas/scans/history",
                        Access.admin(
                                context,
                                QUOTA_SCANS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context
                                                        .quotaScans()
                                                        .history(limit(request))
                                                        .stream()
                                                        .map(QuotaScansApi::record)
                                                        .toList()))));
    }

    private static ApiResponse start(
            ApiContext context, Caller.AdminCaller caller, QuotaScope.Owner owner, String name) {
        String what = owner == QuotaScope.Owner.USER ? "user" : "folder";
        return switch (context.quotaScans().start(owner, name, caller.admin().username())) {
            case QuotaScans.Accepted accepted -> ApiResponse.message(202, "Scan started");
            case QuotaScans.AlreadyRunning busy ->
                    throw ApiException.conflict(
                            "Another scan is already in progress for "
                                    + what
                                    + " \""
                                    + name
                                    + "\"");
            case QuotaScans.NotFound missing ->
                    throw ApiException.notFound(what + " \"" + name + "\" does not exist");
            case QuotaScans.NotQueued failed ->
                    throw new ApiException(
                            503,
                            "Service Unavailable",
                            "the scan could not be queued (" + failed.reason() + "); try again");
        };
    }

    private static int limit(ApiRequest request) {
        String raw = request.queryParam("limit").orElse(String.valueOf(HISTORY_DEFAULT));
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= HISTORY_MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        new Problems()
                .add("limit", raw, "must be a whole number from 1 to " + HISTORY_MAX)
                .throwIfAny();
        return HISTORY_DEFAULT;
    }

    private static ScanRecord record(JobRun run) {
        String kind =
                switch (run.kind()) {
                    case QUOTA_SCAN_USER -> "user";
                    case QUOTA_SCAN_FOLDER -> "folder";
                    default -> "all";
                };
        return new ScanRecord(
                run.id(),
                kind,
                run.subject(),
                run.state().name().toLowerCase(Locale.ROOT),
                run.startedAt(),
                run.running() ? null : run.finishedAt(),
                run.requestedBy(),
                run.parentRun().orElse(null),
                run.result().isNull() ? null : run.result(),
                run.failure().orElse(null));
    }
}
