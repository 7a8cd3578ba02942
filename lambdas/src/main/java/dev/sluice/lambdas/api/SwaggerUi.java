package dev.sluice.lambdas.api;

import dev.sluice.lambdas.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI for the OpenAPI document, served from the swagger-ui webjar inside the Lambda jar (no
 * CDN: the page works where the API works, and nothing third-party runs in an admin's browser).
 */
final class SwaggerUi {

    /**
     * The only files served, with their types: no path from the request reaches the class loader.
     */
    private static final Map<String, String> ASSETS =
            Map.of(
                    "swagger-ui.css", "text/css",
                    "swagger-ui-bundle.js", "application/javascript",
                    "swagger-ui-standalone-preset.js", "application/javascript");

    private static final String ROOT =
            "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";

    private SwaggerUi() {}

    static String page() {
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Sluice REST API</title>
              <link rel="stylesheet" href="/openapi/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/openapi/swagger-ui-bundle.js"></script>
              <script src="/openapi/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({url: "/api/v2/openapi.yaml", dom_id: "#swagger-ui",
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
              </script>
            </body>
            </html>
            """;
    }

    static ApiResponse asset(String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            return ApiResponse.error(404, "Not Found", "no such Swagger UI file: " + name);
        }
        try (InputStream in = SwaggerUi.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return ApiResponse.error(404, "Not Found", "no such Swagger UI file: " + name);
            }
            byte[] bytes = in.readAllBytes();
            return ApiResponse.text(200, type, new String(bytes, StandardCharsets.UTF_8))
                    .withHeader("Cache-Control", "public, max-age=86400");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties props = new Properties();
        try (InputStream in =
                SwaggerUi.class.getResourceAsStream(
                        "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version", "missing");
    }
}
