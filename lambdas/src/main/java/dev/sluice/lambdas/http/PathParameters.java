package dev.sluice.lambdas.http;

import dev.sluice.apikeys.ApiKeyValidator;
import dev.sluice.validation.FieldRules;
import dev.sluice.validation.Problems;
import java.util.Map;

/**
 * The rules for the values a route template captures, checked before a handler touches a store: a
 * name in a path obeys the same rule as the name in a body, so nothing that could never be stored
 * reaches the data store (DynamoDB answers an over-long key with an error, not "not found").
 * Checked after authentication, so a caller without credentials learns nothing but 401.
 */
public final class PathParameters {

    /** Any parameter without a rule of its own (Swagger UI assets and the like). */
    static final int MAX_OTHER = 512;

    private PathParameters() {}

    public static void check(Map<String, String> params) {
        Problems problems = new Problems();
        params.forEach(
                (name, value) -> {
                    switch (name) {
                        case "username", "name" -> FieldRules.name(problems, name, value);
                        case "id" -> ApiKeyValidator.id(problems, name, value);
                        case "connectionID" -> FieldRules.token(problems, name, value, 128);
                        default -> FieldRules.maxLength(problems, name, value, MAX_OTHER);
                    }
                });
        problems.throwIfAny();
    }
}
