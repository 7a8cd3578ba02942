package dev.sluice.sftp.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.SshPolicy;
import dev.sluice.sftp.OpenSsh;
import dev.sluice.sftp.SftpSystem;
import dev.sluice.testing.AwsEnvironment;
import dev.sluice.testing.AwsFixture;
import dev.sluice.users.User;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link SshPolicy} on the wire: exactly the documented lists (docs/sftp-server.md, "SSH
 * security policies"), and curl (libssh2 1.10, which has no ETM MAC) connects under the default
 * policy and is refused under the strict one.
 */
@ExtendWith(AwsFixture.class)
class SshPolicyTest {

    static final String PASSWORD = "correct horse battery";
    static final Map<SshPolicy, SftpSystem> SYSTEMS = new EnumMap<>(SshPolicy.class);

    @BeforeAll
    static void start(AwsEnvironment aws) {
        for (SshPolicy policy : SshPolicy.values()) {
            SYSTEMS.put(policy, SftpSystem.start(aws, c -> c.withSshPolicy(policy)));
        }
    }

    @AfterAll
    static void stop() {
        SYSTEMS.values().forEach(SftpSystem::close);
    }

    static final List<String> MODERN_KEX =
            List.of(
                    "mlkem768x25519-sha256",
                    "sntrup761x25519-sha512",
                    "sntrup761x25519-sha512@openssh.com",
                    "curve25519-sha256",
                    "curve25519-sha256@libssh.org");

    static final List<String> CIPHERS =
            List.of(
                    "aes128-gcm@openssh.com",
                    "aes256-gcm@openssh.com",
                    "chacha20-poly1305@openssh.com",
                    "aes128-ctr",
                    "aes192-ctr",
                    "aes256-ctr");

    static final List<String> ETM_MACS =
            List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com");

    /** The documented lists; a change to a policy's lists must change this test and the docs. */
    static Map<String, List<String>> expected(SshPolicy policy) {
        return switch (policy) {
            case SLUICE_2026_12_STRICT ->
                    Map.of(
                            "kex", plusStrictKex(MODERN_KEX),
                            "ciphers", CIPHERS,
                            "macs", ETM_MACS);
            case SLUICE_2026_12 ->
                    Map.of(
                            "kex",
                            plusStrictKex(
                                    concat(
                                            MODERN_KEX,
                                            List.of(
                                                    "diffie-hellman-group16-sha512",
                                                    "diffie-hellman-group18-sha512"))),
                            "ciphers",
                            CIPHERS,
                            "macs",
                            concat(ETM_MACS, List.of("hmac-sha2-256", "hmac-sha2-512")));
        };
    }

    @ParameterizedTest
    @EnumSource(SshPolicy.class)
    void offersExactlyThePolicysAlgorithms(SshPolicy policy) throws IOException {
        try (Socket socket = StrictKexTest.connect(SYSTEMS.get(policy).port())) {
            StrictKexTest.KexInit offer =
                    StrictKexTest.readKexInit(new DataInputStream(socket.getInputStream()));
            Map<String, List<String>> want = expected(policy);
            // Which post-quantum hybrids appear depends on the JVM's providers: compare the rest.
            List<String> kex =
                    want.get("kex").stream()
                            .filter(k -> !k.startsWith("mlkem") || offer.kex().contains(k))
                            .toList();
            assertThat(offer.kex()).containsExactlyElementsOf(kex);
            assertThat(offer.ciphers()).containsExactlyElementsOf(want.get("ciphers"));
            assertThat(offer.macs()).containsExactlyElementsOf(want.get("macs"));
            assertThat(offer.hostKeys())
                    .containsExactlyInAnyOrder("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256");
            assertThat(offer.compression()).containsExactly("none");
        }
        assertThat(Algorithms.of(policy).macNames()).isEqualTo(want(policy, "macs"));
    }

    @Test
    void curlWithLibssh2ConnectsAndListsUnderTheDefaultPolicy() throws Exception {
        Curl result = curl(SshPolicy.SLUICE_2026_12);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("hello.txt");
    }

    @Test
    void curlWithLibssh2IsRefusedUnderTheStrictPolicy() throws Exception {
        Curl result = curl(SshPolicy.SLUICE_2026_12_STRICT);
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("Unable to exchange encryption keys")
                .doesNotContain("hello.txt");
    }

    /**
     * What curl printed (stdout and stderr) and its exit code.
     *
     * @param exit curl's exit code
     * @param output stdout then stderr
     */
    record Curl(int exit, String output) {}

    /** Lists a fresh user's home with curl over sftp:// (libssh2). */
    private static Curl curl(SshPolicy policy) throws Exception {
        OpenSsh.assumeInstalled("curl");
        SftpSystem system = SYSTEMS.get(policy);
        String name = system.newName("curl");
        system.createUser(User.builder().username(name).password(PASSWORD).build());
        system.putObject("users/" + name + "/hello.txt", "hi\n".getBytes(StandardCharsets.UTF_8));
        Process p =
                new ProcessBuilder(
                                "curl",
                                "-sS",
                                "-k",
                                "--max-time",
                                "30",
                                "--user",
                                name + ":" + PASSWORD,
                                "sftp://127.0.0.1:" + system.port() + "/")
                        .redirectErrorStream(true)
                        .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Curl(p.exitValue(), output);
    }

    private static List<String> want(SshPolicy policy, String list) {
        return expected(policy).get(list);
    }

    private static List<String> plusStrictKex(List<String> kex) {
        return concat(kex, List.of("ext-info-s", "kex-strict-s-v00@openssh.com"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
