package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.lambdas.http.Route;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the routers describe the same API, in both directions. */
class OpenApiDocumentTest {

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options");

    static Set<String> routerOperations() {
        Set<String> out = new TreeSet<>();
        for (List<Route> routes :
                List.of(
                        AuthHandler.routes(null),
                        UsersHandler.routes(null),
                        AdminsHandler.routes(null),
                        ApiKeysHandler.routes(null),
                        RetentionApiHandler.routes(null),
                        BackupApiHandler.routes(null),
                        SystemHandler.routes(null))) {
            for (Route route : routes) {
                out.add(route.method() + " " + route.template().replace("+}", "}"));
            }
        }
        return out;
    }

    static Set<String> documentOperations() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(ContractValidator.DOCUMENT);
        Set<String> out = new TreeSet<>();
        Iterator<String> paths = doc.path("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            doc.path("paths")
                    .path(path)
                    .fieldNames()
                    .forEachRemaining(
                            method -> {
                                if (METHODS.contains(method)) {
                                    out.add(method.toUpperCase() + " " + path);
                                }
                            });
        }
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
        Set<String> routed = routerOperations();
        Set<String> documented = documentOperations();
        List<String> undocumented = new ArrayList<>(routed);
        undocumented.removeAll(documented);
        List<String> unrouted = new ArrayList<>(documented);
        unrouted.removeAll(routed);
        assertThat(undocumented).as("routes missing from openapi.yaml").isEmpty();
        assertThat(unrouted).as("documented operations no handler serves").isEmpty();
        assertThat(routed).hasSizeGreaterThan(20);
    }
}
