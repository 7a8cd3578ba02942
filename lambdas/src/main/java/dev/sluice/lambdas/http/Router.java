package dev.sluice.lambdas.http;

import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests to routes and turns every failure into SFTPGo's {"error", "message"} body:
 * 404 for an unknown path, 405 (with {@code Allow}) for a known path and another method, 413 for a
 * body over {@link #MAX_BODY_BYTES}, 415 for a body that is not JSON, 400 for invalid input.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Larger than any real user, admin or key document; restores use their own limit. */
    public static final int MAX_BODY_BYTES = 512 * 1024;

    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public boolean serves(String path) {
        return routes.stream().anyMatch(r -> r.match(path).isPresent());
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (ApiException e) {
            return e.toResponse();
        } catch (ValidationException e) {
            return ApiResponse.json(
                    400,
                    new ValidationBody(
                            "Bad Request",
                            e.getMessage(),
                            e.errors().stream().map(FieldErrorBody::of).toList()));
        } catch (RuntimeException e) {
            // The client learns nothing internal; the log has the request id to correlate.
            LOG.error(
                    "request {} {} {} failed",
                    request.requestId(),
                    request.method(),
                    request.path(),
                    e);
            return ApiResponse.error(
                    500,
                    "Internal Server Error",
                    "the request failed on the server; request id " + request.requestId());
        }
    }

    private ApiResponse dispatch(ApiRequest request) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.match(request.path());
            if (params.isEmpty()) {
                continue;
            }
            if (!route.method().equals(request.method())) {
                allowed.add(route.method());
                continue;
            }
            checkBody(request, route.maxBodyBytes());
            return route.endpoint().handle(request.withPathParams(params.get()));
        }
        if (!allowed.isEmpty()) {
            return ApiResponse.error(
                            405,
                            "Method Not Allowed",
                            request.method()
                                    + " is not allowed on "
                                    + request.path()
                                    + "; allowed: "
                                    + String.join(", ", allowed))
                    .withHeader("Allow", String.join(", ", allowed));
        }
        return ApiResponse.error(404, "Not Found", "no API route " + request.path());
    }

    private static void checkBody(ApiRequest request, int maxBodyBytes) {
        if (request.body().length == 0) {
            return;
        }
        if (request.body().length > maxBodyBytes) {
            throw new ApiException(
                    413,
                    "Request Entity Too Large",
                    "the body has "
                            + request.body().length
                            + " bytes; the limit is "
                            + maxBodyBytes);
        }
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].strip();
        if (!mediaType.equals("application/json")) {
            throw new ApiException(
                    415,
                    "Unsupported Media Type",
                    "send the body as application/json"
                            + (type.isEmpty()
                                    ? " (no Content-Type was given)"
                                    : " (got " + type + ")"));
        }
    }

    /** 400 body: SFTPGo's fields plus the list of field errors, for clients that want them. */
    public record ValidationBody(String error, String message, List<FieldErrorBody> errors) {}

    public record FieldErrorBody(String field, String value, String problem) {
        static FieldErrorBody of(FieldError e) {
            return new FieldErrorBody(e.field(), e.value(), e.problem());
        }
    }

    /** Every route template with its methods, for the OpenAPI contract test. */
    public Map<String, List<String>> describe() {
        return routes.stream()
                .collect(
                        Collectors.groupingBy(
                                Route::template,
                                java.util.LinkedHashMap::new,
                                Collectors.mapping(
                                        r -> r.method().toLowerCase(Locale.ROOT),
                                        Collectors.toCollection(ArrayList::new))));
    }
}
