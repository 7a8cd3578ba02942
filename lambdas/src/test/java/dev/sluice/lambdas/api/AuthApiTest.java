package dev.sluice.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens: issue, use, expiry, logout, and every forged or foreign token refused with 401. */
@ExtendWith(AwsFixture.class)
class AuthApiTest {

    private static final MutableClock clock = new MutableClock();
    private static ApiSystem api;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        api = ApiSystem.start(aws, clock);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static ApiClient.Reply version(String token) {
        return api.client.get("/api/v2/version", token);
    }

    @Test
    void tokenWorksUntilItExpires() {
        var reply =
                api.client
                        .send(
                                "GET",
                                "/api/v2/token",
                                ApiClient.basic(ApiSystem.ADMIN, ApiSystem.ADMIN_PASSWORD),
                                null)
                        .expect(200);
        String token = reply.json().path("access_token").asText();
        assertThat(reply.json().path("expires_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(token.split("\\.")).hasSize(3);
        version(token).expect(200);
        clock.advance(Duration.ofMinutes(21));
        var expired = version(token).expect(401);
        assertThat(expired.message())
                .startsWith("the token expired at ")
                .endsWith("; get a new one from /api/v2/token");
    }

    @Test
    void wrongPasswordUnknownUserAndBadBasicAreRefusedAlike() {
        for (Map<String, String> headers :
                java.util.List.of(
                        ApiClient.basic(ApiSystem.ADMIN, "wrong"),
                        ApiClient.basic("nobody", "whatever-pw"))) {
            var reply = api.client.send("GET", "/api/v2/token", headers, null).expect(401);
            assertThat(reply.message()).isEqualTo("invalid credentials");
        }
        assertThat(api.client.send("GET", "/api/v2/token", Map.of(), null).expect(401).message())
                .isEqualTo("send the admin's credentials with HTTP Basic authentication");
        assertThat(
                        api.client
                                .send(
                                        "GET",
                                        "/api/v2/token",
                                        Map.of("Authorization", "Basic !!!"),
                                        null)
                                .expect(401)
                                .message())
                .isEqualTo("the Basic credentials are not valid base64");
    }

    @Test
    void logoutRevokesTheToken() {
        String token = api.adminToken();
        version(token).expect(200);
        assertThat(api.client.get("/api/v2/logout", token).expect(200).message())
                .isEqualTo("Your token has been invalidated");
        assertThat(version(token).expect(401).message())
                .isEqualTo(
                        "the token was revoked (a logout, or its admin's password, permissions or status changed); get a new one from /api/v2/token");
        // Another token of the same admin still works.
        version(api.adminToken()).expect(200);
    }

    @Test
    void forgedSignatureIsRefused() {
        String token = api.adminToken();
        String[] parts = token.split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sub\":\"admin\"", "\"sub\":\"mallory\"");
        String forged =
                parts[0]
                        + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                        + "."
                        + parts[2];
        assertThat(version(forged).expect(401).message())
                .isEqualTo("the token is not valid: its signature does not match");
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        long exp = clock.instant().getEpochSecond() + 600;
        String body =
                b64(
                        "{\"iss\":\"sluice\",\"aud\":\"sluice-api\",\"sub\":\"admin\",\"jti\":\"x\",\"exp\":"
                                + exp
                                + "}");
        assertThat(version(header + "." + body + ".").expect(401).message())
                .isEqualTo(
                        "the token is not valid: it is unsigned or uses an algorithm other than HS256");
    }

    @Test
    void tokenSignedWithAnotherKeyOrAlgorithmIsRefused() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var pair = rsa.generateKeyPair();
        String rs256 = claims().signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
        assertThat(version(rs256).expect(401).message()).startsWith("the token is not valid");
        String otherKey =
                claims().signWith(Keys.hmacShaKeyFor(new byte[32]), Jwts.SIG.HS256).compact();
        assertThat(version(otherKey).expect(401).message())
                .isEqualTo("the token is not valid: its signature does not match");
        assertThat(version("not-a-jwt").expect(401).message())
                .isEqualTo("the token is not valid: it is not a well-formed JWT");
    }

    @Test
    void disabledAdminLosesAccessAtOnce() {
        String root = api.adminToken();
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "soon-disabled", "password": "long-enough-pw", "status": 1, "permissions": ["view_users"]}""")
                .expect(201);
        String token = api.client.token("soon-disabled", "long-enough-pw");
        api.client.get("/api/v2/users", token).expect(200);
        api.client
                .put(
                        "/api/v2/admins/soon-disabled",
                        root,
                        """
            {"status": 0, "permissions": ["view_users"]}""")
                .expect(200);
        assertThat(api.client.get("/api/v2/users", token).expect(401).message())
                .startsWith("the token was revoked");
        api.client
                .send(
                        "GET",
                        "/api/v2/token",
                        ApiClient.basic("soon-disabled", "long-enough-pw"),
                        null)
                .expect(401);
    }

    @Test
    void adminAllowListIsEnforcedOnTokenAndEveryRequest() {
        String root = api.adminToken();
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "remote-only", "password": "long-enough-pw", "status": 1, "permissions": ["*"],
             "filters": {"allow_list": ["192.0.2.0/24"]}}""")
                .expect(201);
        // From a refused address the right password and a wrong one get the same answer (before the
        // password is looked at).
        var right =
                api.client
                        .send(
                                "GET",
                                "/api/v2/token",
                                ApiClient.basic("remote-only", "long-enough-pw"),
                                null)
                        .expect(401);
        var wrong =
                api.client
                        .send(
                                "GET",
                                "/api/v2/token",
                                ApiClient.basic("remote-only", "wrong-password"),
                                null)
                        .expect(401);
        var nobody =
                api.client
                        .send(
                                "GET",
                                "/api/v2/token",
                                ApiClient.basic("nobody-here", "wrong-password"),
                                null)
                        .expect(401);
        assertThat(right.body()).isEqualTo(wrong.body()).isEqualTo(nobody.body());
        assertThat(right.message()).isEqualTo("invalid credentials");
        api.client
                .post(
                        "/api/v2/admins",
                        root,
                        """
            {"username": "local-only", "password": "long-enough-pw", "status": 1, "permissions": ["view_users"],
             "filters": {"allow_list": ["127.0.0.0/8"]}}""")
                .expect(201);
        api.client
                .get("/api/v2/users", api.client.token("local-only", "long-enough-pw"))
                .expect(200);
    }

    @Test
    void migratedHashesWorkAndAreUpgradedToArgon2OnLogin() {
        String bcrypt = "$2b$05$TGWEVW/pxlnutujLIEODsOL7M0wTqkqeS/smI2UEq5pv8CvnXUguG";
        api.client
                .post(
                        "/api/v2/admins",
                        api.adminToken(),
                        """
            {"username": "migrated", "password": "%s", "status": 1, "permissions": ["view_users"]}"""
                                .formatted(bcrypt))
                .expect(201);
        assertThat(api.context.adminStore().find("migrated").orElseThrow().password())
                .isEqualTo(bcrypt);
        String token = api.client.token("migrated", "correct horse battery staple");
        api.client.get("/api/v2/users", token).expect(200);
        assertThat(api.context.adminStore().find("migrated").orElseThrow().password())
                .startsWith("$argon2id$");
        api.client.token("migrated", "correct horse battery staple");
    }

    @Test
    void bearerAndMissingCredentialsMessages() {
        assertThat(version(null).expect(401).message())
                .isEqualTo(
                        "authenticate with \"Authorization: Bearer <token>\" (from /api/v2/token) or an X-SFTPGO-API-KEY header");
    }

    private static io.jsonwebtoken.JwtBuilder claims() {
        return Jwts.builder()
                .issuer("sluice")
                .audience()
                .add("sluice-api")
                .and()
                .subject("admin")
                .id("forged")
                .expiration(Date.from(clock.instant().plusSeconds(600)));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
