package dev.sluice.cdk.api;

import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.logs.ILogGroup;

/**
 * One JSON line per request, with HTTP API context variables: who (source IP), what (route, status,
 * sizes), how long, and why an integration failed. No headers or bodies: those carry credentials
 * (HTTP Basic, tokens, API keys).
 */
final class AccessLogs implements IAccessLogSettings {

    static final String FORMAT =
            "{"
                    + "\"requestId\":\"$context.requestId\","
                    + "\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\","
                    + "\"method\":\"$context.httpMethod\","
                    + "\"path\":\"$context.path\","
                    + "\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\","
                    + "\"protocol\":\"$context.protocol\","
                    + "\"responseLength\":\"$context.responseLength\","
                    + "\"responseLatency\":\"$context.responseLatency\","
                    + "\"integrationLatency\":\"$context.integrationLatency\","
                    + "\"integrationStatus\":\"$context.integrationStatus\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\","
                    + "\"error\":\"$context.error.message\","
                    + "\"userAgent\":\"$context.identity.userAgent\""
                    + "}";

    private final ILogGroup logGroup;

    AccessLogs(ILogGroup logGroup) {
        this.logGroup = logGroup;
    }

    @Override
    public IAccessLogDestination getDestination() {
        return new LogGroupLogDestination(logGroup);
    }

    @Override
    public AccessLogFormat getFormat() {
        return AccessLogFormat.custom(FORMAT);
    }
}
