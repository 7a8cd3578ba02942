package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.defender.DefenderHost;
import dev.sluice.defender.DefenderSettings;
import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.jobs.JobSettings;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.net.Cidr;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The defender on the REST side: failed {@code /token} logins and API keys scored per source
 * address, a banned address refused with 403 by every API function sharing the table, SFTPGo's
 * {@code /defender/hosts} routes, the safe list, and a defender whose table does not answer letting
 * requests through. Requests from addresses other than loopback go straight to the handlers with
 * the source address API Gateway would report; their answers are checked against the OpenAPI
 * document too.
 */
@ExtendWith(AwsFixture.class)
class DefenderApiTest {

    /** Bans at 5: two unknown admins (2 each) and a wrong password (1), say. */
    static final DefenderSettings SETTINGS = DefenderSettings.defaults().with(b -> b.threshold(5));

    private static final MutableClock clock = new MutableClock();
    private static final Map<ApiContext, List<ApiFunction>> functions = new IdentityHashMap<>();
    private static ApiSystem api;
    private static AwsEnvironment environment;
    private static String root;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        environment = aws;
        api =
                ApiSystem.start(
                        aws,
                        clock,
                        ApiSystem.BUCKET,
                        ApiContext.ApiJobs.unavailable(),
                        JobSettings.defaults(),
                        dev.sluice.backup.BackupFiles.unavailable(),
                        b -> b.defender(SETTINGS),
                        null);
        root = api.adminToken();
        for (String admin :
                List.of("viewer:view_defender", "manager:manage_defender", "keyed:view_users")) {
            String[] parts = admin.split(":");
            api.client
                    .post(
                            "/api/v2/admins",
                            root,
                            """
                {"username": "%s", "password": "long-enough-pw", "status": 1, "permissions": ["%s"],
                 "filters": {"allow_api_key_auth": true}}"""
                                    .formatted(parts[0], parts[1]))
                    .expect(201);
        }
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Another container of the API functions: the same configuration, tables and secrets. */
    private static ApiContext anotherFunction(DefenderSettings settings) {
        return new ApiContext(
                api.context.config().toBuilder().defender(settings).build(),
                environment.dynamoDb(),
                environment.secretsManager(),
                clock);
    }

    /** A request from {@code source} to the function of {@code context} that serves the path. */
    private static ApiClient.Reply call(
            ApiContext context,
            String source,
            String method,
            String path,
            Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        ApiRequest request =
                new ApiRequest(method, path, lower, Map.of(), Map.of(), null, source, "test");
        ApiResponse response =
                functions.computeIfAbsent(context, ApiFunctions::all).stream()
                        .filter(f -> f.router().serves(path))
                        .findFirst()
                        .orElseThrow()
                        .handle(request);
        Map<String, String> replyHeaders = new LinkedHashMap<>();
        response.headers().forEach((k, v) -> replyHeaders.put(k.toLowerCase(Locale.ROOT), v));
        ApiClient.Reply reply =
                new ApiClient.Reply(response.status(), replyHeaders, response.body());
        assertThat(ContractValidator.check(method, path, reply))
                .as("%s %s against the OpenAPI document: %s", method, path, reply.body())
                .isEmpty();
        return reply;
    }

    private static ApiClient.Reply token(
            ApiContext context, String source, String username, String password) {
        return call(context, source, "GET", "/api/v2/token", ApiClient.basic(username, password));
    }

    private static ApiClient.Reply adminToken(ApiContext context, String source) {
        return token(context, source, ApiSystem.ADMIN, ApiSystem.ADMIN_PASSWORD);
    }

    private static String id(String ip) {
        return HexFormat.of().formatHex(ip.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiClient.Reply host(String ip) {
        return api.client.get("/api/v2/defender/hosts/" + id(ip), root);
    }

    private static void assertBanned(ApiClient.Reply reply, String source) {
        reply.expect(403);
        assertThat(reply.json().path("error").asText()).isEqualTo("Forbidden");
        assertThat(reply.message())
                .startsWith("your IP address " + source + " is banned by the defender")
                .contains("sluice defender delete " + source);
    }

    /** Lets every function container read the bans again (they do once per sync interval). */
    private static void afterASync() {
        clock.advance(SETTINGS.sync().plusMillis(1));
    }

    @Test
    void failedTokenLoginsBanAnAddressOnEveryFunctionUntilAnAdminLiftsIt() {
        String source = "198.51.100.7";
        ApiContext other = anotherFunction(SETTINGS);
        token(api.context, source, "nobody", "whatever-pw").expect(401);
        assertThat(host(source).expect(200).json().path("score").asInt())
                .as("an unknown admin")
                .isEqualTo(2);
        token(api.context, source, ApiSystem.ADMIN, "wrong-password").expect(401);
        assertThat(host(source).expect(200).json().path("score").asInt())
                .as("plus a wrong password")
                .isEqualTo(3);
        // The second function's failure crosses the threshold: both now refuse the address, the
        // right password included, and before any credential is looked at.
        token(other, source, "nobody-either", "whatever-pw").expect(401);
        assertBanned(adminToken(other, source), source);
        afterASync();
        assertBanned(adminToken(api.context, source), source);
        assertBanned(call(api.context, source, "GET", "/api/v2/token", Map.of()), source);
        assertBanned(
                call(
                        api.context,
                        source,
                        "GET",
                        "/api/v2/token",
                        Map.of("Authorization", "Basic !!!")),
                source);
        adminToken(api.context, "198.51.100.8").expect(200);

        JsonNode listed = api.client.get("/api/v2/defender/hosts", root).expect(200).json();
        JsonNode entry =
                StreamSupport.stream(listed.spliterator(), false)
                        .filter(h -> h.path("ip").asText().equals(source))
                        .findFirst()
                        .orElseThrow();
        assertThat(entry.path("id").asText()).isEqualTo("3139382e35312e3130302e37");
        assertThat(entry.has("score")).as("SFTPGo omits a banned host's score").isFalse();
        assertThat(entry.path("ban_time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(host(source).expect(200).json()).isEqualTo(entry);

        var lifted = api.client.delete("/api/v2/defender/hosts/" + id(source), root).expect(200);
        assertThat(lifted.message()).startsWith("Host removed: the score and ban of " + source);
        afterASync();
        adminToken(other, source).expect(200);
        adminToken(api.context, source).expect(200);
        host(source).expect(404);
        assertThat(api.client.delete("/api/v2/defender/hosts/" + id(source), root).expect(404))
                .extracting(ApiClient.Reply::message)
                .isEqualTo("nothing to remove: " + source + " has no score and no ban");
    }

    @Test
    void failedApiKeysCountUnknownKeysAndIdentitiesAboveWrongSecrets() {
        String key =
                api.client
                        .post(
                                "/api/v2/apikeys",
                                root,
                                "{\"name\": \"d\", \"scope\": 1, \"admin\": \"keyed\"}")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        String anyone =
                api.client
                        .post("/api/v2/apikeys", root, "{\"name\": \"any\", \"scope\": 1}")
                        .expect(201)
                        .json()
                        .path("key")
                        .asText();
        String source = "2001:db8::7";
        String keyId = key.split("\\.")[0];
        call(
                        api.context,
                        source,
                        "GET",
                        "/api/v2/version",
                        ApiClient.apiKey(keyId + ".wrongsecret"))
                .expect(401);
        assertThat(host(source).expect(200).json().path("score").asInt())
                .as("a wrong secret")
                .isEqualTo(1);
        call(api.context, source, "GET", "/api/v2/version", ApiClient.apiKey("nosuchkey.secret"))
                .expect(401);
        assertThat(host(source).expect(200).json().path("score").asInt())
                .as("plus a key that does not exist")
                .isEqualTo(3);
        call(api.context, source, "GET", "/api/v2/version", ApiClient.apiKey(anyone + ".nobody"))
                .expect(401);
        // 5: banned. The valid key is refused now, before it is checked.
        assertBanned(
                call(api.context, source, "GET", "/api/v2/version", ApiClient.apiKey(key)), source);
        call(api.context, "2001:db8::8", "GET", "/api/v2/version", ApiClient.apiKey(key))
                .expect(200);
        assertThat(
                        api.client
                                .get("/api/v2/defender/hosts/" + id(source), root)
                                .expect(200)
                                .json()
                                .path("ip")
                                .asText())
                .isEqualTo(source);
        api.client.delete("/api/v2/defender/hosts/" + id(source), root).expect(200);
    }

    @Test
    void bearerTokensThatFailCountNothingButABannedAddressIsRefusedThemToo() {
        String source = "192.0.2.50";
        for (int i = 0; i < 2 * SETTINGS.threshold(); i++) {
            call(api.context, source, "GET", "/api/v2/version", ApiClient.bearer("forged-" + i))
                    .expect(401);
        }
        host(source).expect(404);
        String token =
                adminToken(api.context, source).expect(200).json().path("access_token").asText();
        call(api.context, source, "GET", "/api/v2/version", ApiClient.bearer(token)).expect(200);
        for (int i = 0; i < 3; i++) {
            token(api.context, source, "nobody", "whatever-pw").expect(401);
        }
        assertBanned(
                call(api.context, source, "GET", "/api/v2/version", ApiClient.bearer(token)),
                source);
        api.client.delete("/api/v2/defender/hosts/" + id(source), root).expect(200);
    }

    @Test
    void safeListedAddressesAreNeverScoredNorRefused() {
        ApiContext safe =
                anotherFunction(
                        SETTINGS.with(
                                b ->
                                        b.safeList(
                                                List.of(
                                                        Cidr.parse("203.0.113.0/24")
                                                                .orElseThrow()))));
        String source = "203.0.113.9";
        for (int i = 0; i < 2 * SETTINGS.threshold(); i++) {
            token(safe, source, "nobody", "whatever-pw").expect(401);
        }
        adminToken(safe, source).expect(200);
        host(source).expect(404);
    }

    @Test
    void aDefenderWhoseTableDoesNotAnswerLetsRequestsThrough() {
        TableNames tables = api.context.config().tables();
        Map<String, String> overrides = new LinkedHashMap<>(tables.overrides());
        overrides.put(Tables.DEFENDER_HOSTS.id(), "no-such-table-" + System.nanoTime());
        ApiContext broken =
                new ApiContext(
                        api.context.config().toBuilder()
                                .tables(new TableNames(tables.prefix(), overrides))
                                .build(),
                        environment.dynamoDb(),
                        environment.secretsManager(),
                        clock);
        String source = "192.0.2.60";
        for (int i = 0; i < 2 * SETTINGS.threshold(); i++) {
            token(broken, source, "nobody", "whatever-pw").expect(401);
            token(broken, source, ApiSystem.ADMIN, "wrong-password").expect(401);
            afterASync();
        }
        String token = adminToken(broken, source).expect(200).json().path("access_token").asText();
        call(broken, source, "GET", "/api/v2/version", ApiClient.bearer(token)).expect(200);
    }

    @Test
    void theHostRoutesCheckTheIdThenAnswer404ForUnknownHosts() {
        // Over 128 characters: longer than any address's id (and under the 512 of any path value).
        for (String bad :
                List.of("zz", "abc", id("not-an-ip"), id("192.0.2.1/24"), "31".repeat(100))) {
            for (String method : List.of("GET", "DELETE")) {
                var reply =
                        api.client
                                .send(
                                        method,
                                        "/api/v2/defender/hosts/" + bad,
                                        ApiClient.bearer(root),
                                        null)
                                .expect(400);
                assertThat(reply.json().path("errors").get(0).path("field").asText())
                        .isEqualTo("hostId");
                assertThat(reply.json().path("errors").get(0).path("problem").asText())
                        .startsWith("is not a defender host id");
            }
        }
        // IPv6 ids are longer than any API key id; another spelling of an address is that address.
        host("2001:db8::99").expect(404);
        assertThat(host("2001:DB8:0::99").expect(404).message())
                .isEqualTo(
                        "2001:db8::99 is not in the defender: it has no score in the observation"
                                + " window and no ban");
        api.client.delete("/api/v2/defender/hosts/" + id("192.0.2.99"), root).expect(404);
    }

    @Test
    void viewDefenderListsAndReadsAndOnlyManageDefenderDeletes() {
        String source = "192.0.2.70";
        token(api.context, source, "nobody", "whatever-pw").expect(401);
        String path = "/api/v2/defender/hosts/" + id(source);
        String viewer = api.client.token("viewer", "long-enough-pw");
        String manager = api.client.token("manager", "long-enough-pw");
        api.client.get("/api/v2/defender/hosts", viewer).expect(200);
        assertThat(api.client.get(path, viewer).expect(200).json().path("score").asInt())
                .isEqualTo(2);
        assertThat(api.client.delete(path, viewer).expect(403).message())
                .isEqualTo("this operation needs the admin permission \"manage_defender\"");
        assertThat(api.client.get(path, manager).expect(403).message())
                .isEqualTo("this operation needs the admin permission \"view_defender\"");
        api.client.get("/api/v2/defender/hosts", manager).expect(403);
        for (String method : List.of("GET", "DELETE")) {
            assertThat(
                            api.client
                                    .send(method, path, Map.of(), null)
                                    .expect(401)
                                    .json()
                                    .path("error")
                                    .asText())
                    .isEqualTo("Unauthorized");
        }
        api.client.get("/api/v2/defender/hosts", null).expect(401);
        assertThat(api.client.delete(path, manager).expect(200).message())
                .startsWith("Host removed");
        api.client.get(path, viewer).expect(404);
    }

    @Test
    void withTheDefenderOffNothingIsScoredAndTheRoutesSaySo() {
        ApiContext off = anotherFunction(SETTINGS.with(b -> b.enabled(false)));
        String source = "192.0.2.80";
        for (int i = 0; i < 2 * SETTINGS.threshold(); i++) {
            token(off, source, "nobody", "whatever-pw").expect(401);
        }
        adminToken(off, source).expect(200);
        String token = adminToken(off, "127.0.0.1").json().path("access_token").asText();
        assertThat(
                        call(
                                        off,
                                        "127.0.0.1",
                                        "GET",
                                        "/api/v2/defender/hosts",
                                        ApiClient.bearer(token))
                                .expect(200)
                                .json()
                                .isEmpty())
                .isTrue();
        assertThat(
                        call(
                                        off,
                                        "127.0.0.1",
                                        "GET",
                                        "/api/v2/defender/hosts/" + id(source),
                                        ApiClient.bearer(token))
                                .expect(404)
                                .message())
                .endsWith("(the defender is off: SLUICE_DEFENDER=false)");
        assertThat(DefenderHost.idOf(Cidr.address(source).orElseThrow())).isEqualTo(id(source));
    }

    /** The two ways in agree: what a test sends through HTTP reaches the handler from loopback. */
    @Test
    void requestsThroughTheAdapterComeFromLoopback() {
        host("127.0.0.1").expect(404);
        api.client
                .send("GET", "/api/v2/token", ApiClient.basic("nobody", "whatever-pw"), null)
                .expect(401);
        assertThat(host("127.0.0.1").expect(200).json().path("score").asInt()).isEqualTo(2);
        api.client.delete("/api/v2/defender/hosts/" + id("127.0.0.1"), root).expect(200);
    }
}
