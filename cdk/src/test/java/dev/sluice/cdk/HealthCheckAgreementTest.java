package dev.sluice.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cdk.sftp.SftpService;
import dev.sluice.cdk.sftp.SftpStack;
import dev.sluice.sftp.SftpConfig;
import dev.sluice.sftp.health.HealthServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The target group's health check and the SFTP task agree: the protocol the load balancer speaks,
 * the port and path it asks, whether it sends a PROXY protocol v2 header, and what the task's
 * environment tells the server. Proven by starting the real health endpoint with the configuration
 * read from the synthesized task definition and sending it what the load balancer sends, in the
 * default installation and behind the operator's own PROXY-speaking proxy.
 */
class HealthCheckAgreementTest {

    private static final byte[] PROXY_V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };

    /**
     * The default installation, where the load balancer writes the PROXY header, and one behind the
     * operator's own proxy ({@code sftpUpstreamProxy}), where the load balancer writes none.
     */
    static Stream<Arguments> installations() {
        return Stream.of(
                Arguments.of("default", SynthesizedApp.get(), false),
                Arguments.of("behind a PROXY-speaking proxy", Variants.customized(), true));
    }

    private static Map<String, Object> targetGroup(SynthesizedApp app) {
        var groups =
                app.resources(app.stacks().sftp(), "AWS::ElasticLoadBalancingV2::TargetGroup")
                        .values();
        assertThat(groups).hasSize(1);
        return Cfn.props(groups.iterator().next());
    }

    private static Map<String, String> targetGroupAttributes(SynthesizedApp app) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Object a : Cfn.list(targetGroup(app).get("TargetGroupAttributes"))) {
            Map<?, ?> attribute = (Map<?, ?>) a;
            attributes.put(attribute.get("Key").toString(), attribute.get("Value").toString());
        }
        return attributes;
    }

    private static Map<?, ?> container(SynthesizedApp app) {
        Map<String, Object> taskDefinition =
                Cfn.props(
                        app.resources(app.stacks().sftp(), "AWS::ECS::TaskDefinition")
                                .values()
                                .iterator()
                                .next());
        return Cfn.list(taskDefinition.get("ContainerDefinitions")).stream()
                .map(c -> (Map<?, ?>) c)
                .filter(c -> SftpService.CONTAINER_NAME.equals(c.get("Name")))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The container's environment; values CloudFormation fills in at deployment become
     * placeholders.
     */
    private static Map<String, String> environment(SynthesizedApp app) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : Cfn.list(container(app).get("Environment"))) {
            Map<?, ?> variable = (Map<?, ?>) e;
            Object value = variable.get("Value");
            env.put(
                    variable.get("Name").toString(),
                    value instanceof String s ? s : "resolved-at-deployment");
        }
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void theServerListensWhereTheLoadBalancerChecksAndExpectsWhatItSends(
            String name, SynthesizedApp app, boolean upstreamProxy) {
        Map<String, Object> group = targetGroup(app);
        SftpConfig config = SftpConfig.fromEnvironment(environment(app));

        assertThat(group.get("HealthCheckProtocol"))
                .as("the health endpoint speaks plain HTTP")
                .isEqualTo("HTTP");
        assertThat(Integer.parseInt(group.get("HealthCheckPort").toString()))
                .isEqualTo(config.healthPort());
        assertThat(group.get("HealthCheckPath")).isEqualTo(SftpStack.HEALTH_PATH);
        // Traffic goes to the SSH port the server listens on, with the header the server expects.
        assertThat(group.get("Port")).isEqualTo(config.port());
        // One header on every connection, from the load balancer or (passed on) from the proxy in
        // front of it: never both, never none.
        boolean proxyV2 =
                Boolean.parseBoolean(targetGroupAttributes(app).get("proxy_protocol_v2.enabled"));
        assertThat(proxyV2).as("the load balancer writes the header").isNotEqualTo(upstreamProxy);
        assertThat(config.proxyProtocol()).as("SLUICE_PROXY_PROTOCOL").isTrue();
        // The container publishes both ports.
        List<Integer> ports =
                Cfn.list(container(app).get("PortMappings")).stream()
                        .map(m -> ((Number) ((Map<?, ?>) m).get("ContainerPort")).intValue())
                        .toList();
        assertThat(ports).contains(config.port(), config.healthPort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installations")
    void theRealHealthEndpointAnswersTheLoadBalancersCheck(
            String name, SynthesizedApp app, boolean upstreamProxy) throws IOException {
        Map<String, Object> group = targetGroup(app);
        SftpConfig config = SftpConfig.fromEnvironment(environment(app));
        // Health checks come from the load balancer itself, never through the operator's proxy.
        boolean proxyV2 =
                Boolean.parseBoolean(targetGroupAttributes(app).get("proxy_protocol_v2.enabled"));
        List<Integer> healthy = successCodes(group);

        // On loopback and a free port (8080 may be taken on a build machine); the port itself is
        // compared with the target group's above.
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, () -> true)) {
            String request =
                    "GET "
                            + group.get("HealthCheckPath")
                            + " HTTP/1.1\r\nHost: 10.0.1.23:"
                            + config.healthPort()
                            + "\r\nConnection: close\r\nUser-Agent: ELB-HealthChecker/2.0\r\n\r\n";
            byte[] header = proxyV2 ? localProxyHeader() : new byte[0];
            int status = status(server.port(), header, request);
            assertThat(healthy)
                    .as("status %d for the load balancer's check", status)
                    .contains(status);
        }
    }

    /** The target group's Matcher (HttpCode "200" or "200-399"), or the NLB default 200-399. */
    private static List<Integer> successCodes(Map<String, Object> group) {
        Object matcher = group.get("Matcher");
        String codes =
                matcher instanceof Map<?, ?> m && m.get("HttpCode") != null
                        ? m.get("HttpCode").toString()
                        : "200-399";
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : codes.split(",")) {
            String[] range = part.strip().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int code = from; code <= to; code++) {
                out.add(code);
            }
        }
        return out;
    }

    /** What an NLB health check connection starts with: PROXY v2, LOCAL command, no addresses. */
    private static byte[] localProxyHeader() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put(PROXY_V2_SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
        return b.array();
    }

    private static int status(int port, byte[] header, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(header);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            String statusLine =
                    response.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            assertThat(statusLine).as("an HTTP status line").matches("HTTP/1\\.[01] \\d{3} .*");
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
