package dev.sluice.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.json.Json;

/**
 * The body of a job queue message: a small JSON object naming what to work on, never the work
 * itself (that lives in the run's item, so a message can be redelivered, duplicated or re-queued
 * without changing the outcome).
 */
public sealed interface JobMessage {

    /** Go on with a stored run: {@code {"run":"<id>"}}. */
    record Run(String id) implements JobMessage {}

    /** Start a run of a retention policy: {@code {"policy":"<name>"}} (what its schedule sends). */
    record Policy(String name) implements JobMessage {}

    /** Scan everyone's quota: {@code {"scope":"all"}} (what the daily schedule sends). */
    record ScanAll() implements JobMessage {}

    /** The JSON body. */
    default String body() {
        var node = Json.mapper().createObjectNode();
        switch (this) {
            case Run run -> node.put("run", run.id());
            case Policy policy -> node.put("policy", policy.name());
            case ScanAll all -> node.put("scope", "all");
        }
        return node.toString();
    }

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException when it is none of the known forms (such a message will
     *     never succeed: drop it rather than retry it)
     */
    static JobMessage parse(String body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (json.path("run").isTextual()) {
            return new Run(json.get("run").asText());
        }
        if (json.path("policy").isTextual()) {
            return new Policy(json.get("policy").asText());
        }
        if ("all".equals(json.path("scope").asText())) {
            return new ScanAll();
        }
        throw new IllegalArgumentException(
                "expected {\"run\":...}, {\"policy\":...} or {\"scope\":\"all\"}");
    }
}
