package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.RETENTION_CHECKS;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.jobs.JobMessage;
import dev.sluice.jobs.JobRun;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.mail.EmailAddress;
import dev.sluice.retention.FolderRetention;
import dev.sluice.retention.PolicySchedules;
import dev.sluice.retention.RetentionChecks;
import dev.sluice.retention.RetentionPolicy;
import dev.sluice.retention.RetentionRules;
import dev.sluice.retention.RetentionValidator;
import dev.sluice.validation.Problems;
import dev.sluice.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v2/retention}: SFTPGo's retention checks ({@code POST
 * /retention/users/{username}/check}, {@code GET /retention/users/checks}) and Sluice's extensions:
 * the checks' history and named retention policies with their schedules. Everything is behind the
 * {@code retention_checks} permission.
 */
public final class RetentionApiHandler extends ApiFunction {

    /** Checks listed by the history route unless {@code limit} says otherwise. */
    static final int HISTORY_DEFAULT = 100;

    static final int HISTORY_MAX = 500;

    public RetentionApiHandler() {
        this(ApiContext.fromEnvironment());
    }

    public RetentionApiHandler(ApiContext context) {
        super(routes(context));
    }

    /** SFTPGo's {@code RetentionCheck}, as {@code GET /retention/users/checks} lists it. */
    public record CheckView(
            String username,
            List<FolderRetention> folders,
            long startTime,
            List<String> notifications) {}

    /** A check in the history (a Sluice extension): SFTPGo's fields plus its outcome. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckRecord(
            String id,
            String username,
            List<FolderRetention> folders,
            long startTime,
            List<String> notifications,
            String status,
            Long endTime,
            String requestedBy,
            String policyRun,
            JsonNode result,
            String error) {}

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/retention/users/checks",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.retentionChecks().running().stream()
                                                        .map(RetentionApiHandler::view)
                                                        .toList()))),
                new Route(
                        "GET",
                        "/api/v2/retention/users/checks/history",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context
                                                        .retentionChecks()
                                                        .history(limit(request))
                                                        .stream()
                                                        .map(RetentionApiHandler::record)
                                                        .toList()))),
                new Route(
                        "POST",
                        "/api/v2/retention/users/{username}/check",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> startCheck(context, request, caller))),
                new Route(
                        "GET",
                        "/api/v2/retention/policies",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.retentionPolicies()
                                                        .list(Requests.page(request))))),
                new Route(
                        "POST",
                        "/api/v2/retention/policies",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> {
                                    RetentionPolicy input =
                                            Requests.body(request, RetentionPolicy.class);
                                    scheduled(
                                            () ->
                                                    Requests.written(
                                                            context.retentionPolicies()
                                                                    .create(input),
                                                            "retention policy"));
                                    RetentionPolicy created =
                                            context.retentionPolicies()
                                                    .find(input.name())
                                                    .orElseThrow();
                                    return ApiResponse.json(201, created)
                                            .withHeader(
                                                    "Location",
                                                    "/api/v2/retention/policies/" + created.name());
                                })),
                new Route(
                        "GET",
                        "/api/v2/retention/policies/{name}",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> {
                                    String name = request.pathParam("name");
                                    return ApiResponse.json(
                                            200,
                                            context.retentionPolicies()
                                                    .find(name)
                                                    .orElseThrow(() -> noPolicy(name)));
                                })),
                new Route(
                        "PUT",
                        "/api/v2/retention/policies/{name}",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> {
                                    RetentionPolicy input =
                                            Requests.body(request, RetentionPolicy.class);
                                    scheduled(
                                            () ->
                                                    Requests.written(
                                                            context.retentionPolicies()
                                                                    .update(
                                                                            request.pathParam(
                                                                                    "name"),
                                                                            input),
                                                            "retention policy"));
                                    return ApiResponse.message(200, "Retention policy updated");
                                })),
                new Route(
                        "DELETE",
                        "/api/v2/retention/policies/{name}",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> {
                                    scheduled(
                                            () ->
                                                    Requests.written(
                                                            context.retentionPolicies()
                                                                    .delete(
                                                                            request.pathParam(
                                                                                    "name")),
                                                            "retention policy"));
                                    return ApiResponse.message(200, "Retention policy deleted");
                                })),
                new Route(
                        "POST",
                        "/api/v2/retention/policies/{name}/run",
                        Access.admin(
                                context,
                                RETENTION_CHECKS,
                                (request, caller) -> {
                                    String name = request.pathParam("name");
                                    context.retentionPolicies()
                                            .find(name)
                                            .orElseThrow(() -> noPolicy(name));
                                    try {
                                        context.jobs()
                                                .retention()
                                                .send(new JobMessage.Policy(name));
                                    } catch (RuntimeException e) {
                                        throw unavailable(e);
                                    }
                                    return ApiResponse.message(202, "Policy run started");
                                })));
    }

    private static ApiResponse startCheck(
            ApiContext context, ApiRequest request, Caller.AdminCaller caller) {
        String username = request.pathParam("username");
        List<String> recipients = recipients(context, request, caller);
        List<FolderRetention> body =
                Requests.body(request, new TypeReference<List<FolderRetention>>() {});
        if (body == null) {
            new Problems().add("body", null, "give a JSON array of rules").throwIfAny();
        }
        RetentionRules rules = RetentionValidator.validate(body);
        RetentionChecks.Start start =
                context.retentionChecks()
                        .start(username, rules, recipients, caller.admin().username());
        return switch (start) {
            case RetentionChecks.Accepted accepted -> ApiResponse.message(202, "Check started");
            case RetentionChecks.AlreadyRunning busy ->
                    throw ApiException.conflict(
                            "Another check is already in progress for user \"" + username + "\"");
            case RetentionChecks.NoSuchUser missing ->
                    throw ApiException.notFound("user \"" + username + "\" does not exist");
            case RetentionChecks.NotQueued failed ->
                    throw new ApiException(
                            503,
                            "Service Unavailable",
                            "the check could not be queued (" + failed.reason() + "); try again");
        };
    }

    /**
     * SFTPGo's {@code notifications} query parameter: {@code Email} mails the report to the calling
     * admin; {@code Hook} (SFTPGo's data-retention hook) has no counterpart here.
     */
    private static List<String> recipients(
            ApiContext context, ApiRequest request, Caller.AdminCaller caller) {
        List<String> asked = new ArrayList<>();
        request.queryParam("notifications")
                .ifPresent(
                        v -> {
                            for (String part : v.split(",")) {
                                if (!part.isBlank()) {
                                    asked.add(part.strip());
                                }
                            }
                        });
        Problems problems = new Problems();
        boolean email = false;
        for (String n : asked) {
            if (n.equals("Email")) {
                email = true;
            } else {
                problems.add(
                        "notifications",
                        n,
                        n.equals("Hook")
                                ? "Sluice has no data retention hook; use Email"
                                : "must be Email");
            }
        }
        problems.throwIfAny();
        if (!email) {
            return List.of();
        }
        if (context.config().jobs().mailFrom().isEmpty()) {
            throw ApiException.badRequest(
                    "this installation mails no reports: deploy it with a sender (CDK context senderAddress,"
                            + " variable SLUICE_MAIL_FROM) or leave out notifications=Email");
        }
        String address = caller.admin().email();
        if (address == null || address.isBlank()) {
            throw ApiException.badRequest(
                    "notifications=Email sends the report to your e-mail address, and admin \""
                            + caller.admin().username()
                            + "\" has none: add one with PUT /api/v2/admins/"
                            + caller.admin().username());
        }
        try {
            return List.of(EmailAddress.parse(address, "email").address());
        } catch (ValidationException e) {
            throw ApiException.badRequest(
                    "your admin e-mail address cannot receive reports: " + e.getMessage());
        }
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

    private static CheckView view(JobRun run) {
        return new CheckView(run.subject(), folders(run), run.startedAt(), notifications(run));
    }

    private static CheckRecord record(JobRun run) {
        return new CheckRecord(
                run.id(),
                run.subject(),
                folders(run),
                run.startedAt(),
                notifications(run),
                run.state().name().toLowerCase(Locale.ROOT),
                run.running() ? null : run.finishedAt(),
                run.requestedBy(),
                run.parentRun().orElse(null),
                run.result().isNull() ? null : run.result(),
                run.failure().orElse(null));
    }

    private static List<FolderRetention> folders(JobRun run) {
        return dev.sluice.retention.RetentionCheck.rules(run).folders();
    }

    private static List<String> notifications(JobRun run) {
        return run.recipients().isEmpty() || run.parentRun().isPresent()
                ? List.of()
                : List.of("Email");
    }

    private static void scheduled(Runnable write) {
        try {
            write.run();
        } catch (PolicySchedules.ScheduleException e) {
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(RuntimeException e) {
        return new ApiException(
                503, "Service Unavailable", e.getMessage() + "; nothing was changed, try again");
    }

    private static ApiException noPolicy(String name) {
        return ApiException.notFound("retention policy \"" + name + "\" does not exist");
    }
}
