package dev.sluice.lambdas.api;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.SortOrder;
import dev.sluice.dynamo.WriteResult;
import dev.sluice.json.Json;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.validation.Problems;
import java.util.Optional;

/** Reading what a request carries: JSON bodies, SFTPGo's listing parameters, write outcomes. */
final class Requests {

    private Requests() {}

    static <T> T body(ApiRequest request, Class<T> type) {
        return Json.read(request.bodyText(), type);
    }

    /**
     * The body as {@code type}; when it has unknown fields or wrong types, the error lists them
     * together with what {@code rules} finds wrong in the rest of the body, so a client sees every
     * problem in one answer. {@code rules} is the validator the service applies afterwards.
     */
    static <T> T body(
            ApiRequest request, Class<T> type, java.util.function.Consumer<? super T> rules) {
        return Json.read(request.bodyText(), type, rules);
    }

    static <T> T body(ApiRequest request, TypeReference<T> type) {
        return Json.read(request.bodyText(), type);
    }

    /** {@code offset} (default 0), {@code limit} (1-500, default 100), {@code order} (ASC/DESC). */
    static PageRequest page(ApiRequest request) {
        Problems problems = new Problems();
        int offset = integer(request, "offset", 0, problems);
        int limit = integer(request, "limit", PageRequest.DEFAULT_LIMIT, problems);
        if (offset < 0 || offset > PageRequest.MAX_OFFSET) {
            problems.add("offset", offset, "must be between 0 and " + PageRequest.MAX_OFFSET);
        }
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            problems.add("limit", limit, "must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        Optional<SortOrder> order = SortOrder.parse(request.queryParam("order").orElse(null));
        if (order.isEmpty()) {
            problems.add("order", request.queryParam("order").orElse(""), "must be ASC or DESC");
        }
        problems.throwIfAny();
        return new PageRequest(offset, limit, order.get());
    }

    private static int integer(ApiRequest request, String name, int fallback, Problems problems) {
        Optional<String> text = request.queryParam(name);
        if (text.isEmpty() || text.get().isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            problems.add(name, text.get(), "must be an integer");
            return fallback;
        }
    }

    /** The value of a successful write, or the API error that matches its failure. */
    static <T> T written(WriteResult<T> result, String what) {
        return switch (result) {
            case WriteResult.Written<T> written -> written.value();
            case WriteResult.AlreadyExists<T> exists ->
                    throw ApiException.conflict(what + " \"" + exists.key() + "\" already exists");
            case WriteResult.NotFound<T> missing ->
                    throw ApiException.notFound(what + " \"" + missing.key() + "\" does not exist");
            case WriteResult.VersionConflict<T> conflict ->
                    throw ApiException.conflict(
                            what
                                    + " \""
                                    + conflict.key()
                                    + "\" was changed by another request at the same time; retry");
        };
    }
}
