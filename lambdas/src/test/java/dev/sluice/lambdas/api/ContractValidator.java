package dev.sluice.lambdas.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.util.Locale;

/** Checks a response against the OpenAPI document the API serves: the document is the contract. */
final class ContractValidator {

    static final String DOCUMENT = SystemHandler.resource("/openapi/openapi.yaml");
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(DOCUMENT).build();

    private ContractValidator() {}

    /** Validation messages; empty when the response fits the document. */
    static String check(String method, String path, ApiClient.Reply reply) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status());
        String type = reply.headers().getOrDefault("content-type", "");
        if (!type.isEmpty()) {
            response.withContentType(type.split(";")[0]);
        }
        if (!reply.body().isEmpty()) {
            response.withBody(reply.body());
        }
        ValidationReport report =
                VALIDATOR.validateResponse(
                        rawPath,
                        Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                        response.build());
        return report.hasErrors() ? report.getMessages().toString() : "";
    }
}
