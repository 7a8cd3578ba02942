package dev.sluice.lambdas.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A method and a path template such as {@code /api/v2/users/{username}}; a final {@code {name+}}
 * segment matches the rest of the path.
 *
 * @param maxBodyBytes the largest body the route takes ({@link Router#MAX_BODY_BYTES} unless it
 *     says otherwise, as a restore does)
 */
public record Route(String method, String template, Endpoint endpoint, int maxBodyBytes) {

    /** A route taking bodies up to {@link Router#MAX_BODY_BYTES}. */
    public Route(String method, String template, Endpoint endpoint) {
        this(method, template, endpoint, Router.MAX_BODY_BYTES);
    }

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Endpoint {
        ApiResponse handle(ApiRequest request);
    }

    /** Path parameters when {@code path} fits the template; URL-decoded segment by segment. */
    public Optional<Map<String, String>> match(String path) {
        List<String> want = segments(template);
        List<String> got = segments(path);
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("+}")) {
                if (i >= got.size()) {
                    return Optional.empty();
                }
                params.put(
                        w.substring(1, w.length() - 2),
                        String.join("/", got.subList(i, got.size())));
                return Optional.of(params);
            }
            if (i >= got.size()) {
                return Optional.empty();
            }
            String g = got.get(i);
            if (w.startsWith("{") && w.endsWith("}")) {
                String decoded;
                try {
                    decoded =
                            java.net.URLDecoder.decode(
                                    g.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                if (decoded.isEmpty()) {
                    return Optional.empty();
                }
                params.put(w.substring(1, w.length() - 1), decoded);
            } else if (!w.equals(g)) {
                return Optional.empty();
            }
        }
        return got.size() == want.size() ? Optional.of(params) : Optional.empty();
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }
}
