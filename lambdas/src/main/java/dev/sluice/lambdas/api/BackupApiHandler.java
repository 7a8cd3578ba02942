package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.MANAGE_SYSTEM;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.admins.AdminPermission;
import dev.sluice.backup.BackupData;
import dev.sluice.backup.BackupFiles;
import dev.sluice.backup.Restore;
import dev.sluice.backup.RestoreOptions;
import dev.sluice.backup.RestoreReport;
import dev.sluice.backup.SecretExport;
import dev.sluice.jobs.Deadline;
import dev.sluice.json.Json;
import dev.sluice.lambdas.auth.Caller;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.validation.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SFTPGo's backup routes: {@code GET /api/v2/dumpdata} writes a dump (in the answer with {@code
 * output-data=1}, or to {@code s3://<bucket>/sluice/backups/<output-file>}), {@code POST
 * /api/v2/loaddata} restores the dump in its body and {@code GET /api/v2/loaddata?input-file=} one
 * from the bucket. All need {@code manage_system}; a dump with plain secrets needs "*".
 */
public final class BackupApiHandler extends ApiFunction {

    /**
     * The largest dump answered inline: a Lambda function's answer is at most 6 MB, and the body
     * travels as text. Larger dumps go to a file.
     */
    static final int MAX_INLINE_BYTES = 5 * 1024 * 1024;

    /** The largest dump restored from a request body (larger ones: {@code input-file}). */
    static final int MAX_RESTORE_BODY_BYTES = 10 * 1024 * 1024;

    /** The sections {@code scopes} may name: Sluice's and SFTPGo's (which dump nothing here). */
    private static final Set<String> SCOPES =
            Set.of(
                    "users",
                    "folders",
                    "admins",
                    "api_keys",
                    "retention_policies",
                    "groups",
                    "shares",
                    "actions",
                    "rules",
                    "roles",
                    "ip_lists",
                    "configs");

    public BackupApiHandler() {
        this(ApiContext.fromEnvironment());
    }

    public BackupApiHandler(ApiContext context) {
        super(routes(context));
    }

    /** {@code dumpdata?output-file=}'s answer. */
    public record DumpSaved(String message, String location, long size) {}

    /**
     * {@code loaddata}'s answer: SFTPGo's message, and what the restore did.
     *
     * @param restoreId the restore's job run, the same while a dump is sent again to go on
     * @param objects objects in the dump that Sluice restores
     * @param done objects handled so far (all of them once finished)
     */
    public record RestoreAnswer(
            String message,
            String restoreId,
            int objects,
            int done,
            Map<String, RestoreReport.Counts> counts,
            List<RestoreReport.Note> notes,
            int notesOmitted) {

        static RestoreAnswer of(
                String message, String id, int objects, int done, RestoreReport report) {
            return new RestoreAnswer(
                    message,
                    id,
                    objects,
                    done,
                    report.counts(),
                    report.notes(),
                    report.notesOmitted());
        }
    }

    static List<Route> routes(ApiContext context) {
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/dumpdata",
                        Access.admin(context, MANAGE_SYSTEM, (r, c) -> dump(context, r, c))),
                new Route(
                        "POST",
                        "/api/v2/loaddata",
                        Access.admin(
                                context,
                                MANAGE_SYSTEM,
                                (request, caller) -> {
                                    Deadline deadline = deadline(context);
                                    if (request.body().length == 0) {
                                        throw ApiException.badRequest(
                                                "request body is required: the dump (SFTPGo's"
                                                        + " BackupData) as JSON");
                                    }
                                    return restore(
                                            context, request, caller, request.body(), deadline);
                                }),
                        MAX_RESTORE_BODY_BYTES),
                new Route(
                        "GET",
                        "/api/v2/loaddata",
                        Access.admin(
                                context,
                                MANAGE_SYSTEM,
                                (request, caller) -> {
                                    Deadline deadline = deadline(context);
                                    String name =
                                            BackupFiles.checkName(
                                                    "input-file",
                                                    request.queryParam("input-file").orElse(null));
                                    options(request); // a bad option fails before the read
                                    refuseApiKeys(caller);
                                    byte[] dump;
                                    try {
                                        dump = context.backupFiles().read(name);
                                    } catch (BackupFiles.NoSuchFile missing) {
                                        throw ApiException.notFound(missing.getMessage());
                                    } catch (IllegalStateException noBucket) {
                                        throw unavailable(noBucket);
                                    } catch (BackupFiles.TooLarge tooLarge) {
                                        throw new ApiException(
                                                413,
                                                "Request Entity Too Large",
                                                tooLarge.getMessage());
                                    }
                                    return restore(context, request, caller, dump, deadline);
                                })));
    }

    private static Deadline deadline(ApiContext context) {
        return Deadline.in(context.config().restoreTimeBudget().toMillis());
    }

    private static ApiResponse dump(
            ApiContext context, ApiRequest request, Caller.AdminCaller caller) {
        Problems problems = new Problems();
        boolean inline = flag(request, "output-data", problems);
        boolean indent = flag(request, "indent", problems);
        Optional<String> file = request.queryParam("output-file").filter(f -> !f.isEmpty());
        String secretsParam = request.queryParam("secrets").orElse(SecretExport.SEALED.id());
        Optional<SecretExport> export = SecretExport.parse(secretsParam);
        if (export.isEmpty()) {
            problems.add("secrets", secretsParam, "must be sealed (the default) or plain");
        }
        Set<String> scopes = scopes(request, problems);
        if (!inline && file.isEmpty()) {
            problems.add(
                    "output-file",
                    null,
                    "is required unless output-data=1: name the file to write under s3://"
                            + "<bucket>/sluice/backups/, or ask for the dump in the answer");
        }
        file.ifPresent(f -> BackupFiles.checkName("output-file", f));
        problems.throwIfAny();
        if (export.get() == SecretExport.PLAIN && !caller.admin().has(AdminPermission.ALL)) {
            throw ApiException.forbidden(
                    "secrets=plain writes every password hash and S3 secret key in a form any"
                            + " installation restores: it needs the permission \"*\"");
        }
        BackupData data = scoped(context.backupDump().dump(export.get()), scopes);
        byte[] json;
        try {
            json =
                    (indent
                                    ? Json.mapper().writerWithDefaultPrettyPrinter()
                                    : Json.mapper().writer())
                            .writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (file.isPresent()) {
            try {
                context.backupFiles().write(file.get(), json);
            } catch (IllegalStateException noBucket) {
                throw unavailable(noBucket);
            }
            return ApiResponse.json(
                    200,
                    new DumpSaved(
                            "Data saved", context.backupFiles().location(file.get()), json.length));
        }
        if (json.length > MAX_INLINE_BYTES) {
            throw new ApiException(
                    413,
                    "Payload Too Large",
                    "the dump has "
                            + json.length
                            + " bytes; an answer carries at most "
                            + MAX_INLINE_BYTES
                            + ": use output-file=<name> to write it to the bucket");
        }
        return ApiResponse.text(200, ApiResponse.JSON, new String(json, StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"sluice-backup.json\"");
    }

    /**
     * A dump holds admins and API keys: restoring through an API key would let a key mint keys (and
     * outlive its own revocation), which the API keys routes refuse too.
     */
    private static void refuseApiKeys(Caller.AdminCaller caller) {
        if (caller.viaApiKey()) {
            throw ApiException.forbidden(
                    "loaddata needs an admin token from /api/v2/token, not an API key: a dump"
                            + " restores admins and API keys");
        }
    }

    private static ApiException unavailable(IllegalStateException why) {
        return new ApiException(503, "Service Unavailable", why.getMessage());
    }

    private static ApiResponse restore(
            ApiContext context,
            ApiRequest request,
            Caller.AdminCaller caller,
            byte[] dump,
            Deadline deadline) {
        RestoreOptions options = options(request);
        refuseApiKeys(caller);
        return switch (context.restore().run(dump, options, caller.admin(), deadline)) {
            case Restore.Finished done ->
                    ApiResponse.json(
                            200,
                            RestoreAnswer.of(
                                    "Data restored",
                                    done.runId(),
                                    done.objects(),
                                    done.objects(),
                                    done.report()));
            case Restore.Paused paused ->
                    ApiResponse.json(
                            202,
                            RestoreAnswer.of(
                                    "Restore in progress: "
                                            + paused.done()
                                            + " of "
                                            + paused.objects()
                                            + " objects done; send the same request again to"
                                            + " go on",
                                    paused.runId(),
                                    paused.objects(),
                                    paused.done(),
                                    paused.report()));
            case Restore.Busy busy ->
                    throw ApiException.conflict(
                            "another request is restoring this dump now (restore "
                                    + busy.runId()
                                    + "); send it again when that one has answered");
        };
    }

    /** {@code mode} and {@code scan-quota} (also read as {@code scan_quota}), 0 by default. */
    static RestoreOptions options(ApiRequest request) {
        Problems problems = new Problems();
        int mode = code(request, "mode", 2, problems);
        Optional<String> dash = request.queryParam("scan-quota");
        Optional<String> underscore = request.queryParam("scan_quota");
        if (dash.isPresent() && underscore.isPresent() && !dash.equals(underscore)) {
            problems.add("scan-quota", dash.get(), "differs from scan_quota; give one of them");
        }
        int scan = code(request, dash.isPresent() ? "scan-quota" : "scan_quota", 2, problems);
        problems.throwIfAny();
        return new RestoreOptions(
                RestoreOptions.Mode.values()[mode], RestoreOptions.ScanQuota.values()[scan]);
    }

    private static int code(ApiRequest request, String name, int max, Problems problems) {
        String text = request.queryParam(name).orElse("");
        if (text.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(
                name,
                text,
                name.equals("mode")
                        ? "must be 0 (add and update), 1 (add only) or 2 (add, update and close"
                                + " the sessions of changed users)"
                        : "must be 0 (no quota scan), 1 (scan every restored user) or 2 (scan"
                                + " restored users with a quota limit)");
        return 0;
    }

    private static boolean flag(ApiRequest request, String name, Problems problems) {
        String text = request.queryParam(name).orElse("0");
        if (!text.equals("0") && !text.equals("1") && !text.isEmpty()) {
            problems.add(name, text, "must be 0 or 1");
        }
        return text.equals("1");
    }

    private static Set<String> scopes(ApiRequest request, Problems problems) {
        String text = request.queryParam("scopes").orElse("");
        if (text.isBlank()) {
            return SCOPES;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String scope : text.split(",")) {
            String s = scope.strip();
            if (!SCOPES.contains(s)) {
                problems.add(
                        "scopes",
                        s,
                        "must be a comma-separated list of "
                                + Arrays.toString(SCOPES.stream().sorted().toArray()));
            }
            out.add(s);
        }
        return out;
    }

    private static BackupData scoped(BackupData d, Set<String> scopes) {
        return new BackupData(
                scopes.contains("users") ? d.users() : List.of(),
                d.groups(),
                scopes.contains("folders") ? d.folders() : List.of(),
                scopes.contains("admins") ? d.admins() : List.of(),
                scopes.contains("api_keys") ? d.apiKeys() : List.of(),
                d.shares(),
                d.eventActions(),
                d.eventRules(),
                d.roles(),
                d.ipLists(),
                scopes.contains("retention_policies") ? d.retentionPolicies() : List.of(),
                d.version());
    }
}
