package dev.sluice.sftp.ssh;

import dev.sluice.config.SshPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.compression.Compression;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The algorithms the server offers under one {@link SshPolicy}, listed explicitly: MINA's defaults
 * include NIST-curve ECDH, SHA-1 and non-ETM MACs, an ecdsa-sha2-nistp521 host key and zlib, which
 * fail an audit. Order is preference. Strict KEX (Terrapin, CVE-2023-48795) is always advertised by
 * MINA 2.19's server ({@code kex-strict-s-v00@openssh.com}); {@code StrictKexTest} checks it.
 * Compression is always {@code none}. docs/sftp-server.md tabulates every policy.
 *
 * @param policy the policy these lists implement
 * @param keyExchanges key exchanges, preferred first (unsupported ones drop out when applied)
 * @param ciphers ciphers, preferred first
 * @param macs MACs, preferred first (AEAD ciphers ignore the MAC)
 * @param signatures signatures, for host keys and users' keys
 */
public record Algorithms(
        SshPolicy policy,
        List<BuiltinDHFactories> keyExchanges,
        List<BuiltinCiphers> ciphers,
        List<BuiltinMacs> macs,
        List<BuiltinSignatures> signatures) {

    /**
     * Post-quantum hybrids first (clients that know them get them), then X25519. ML-KEM needs a
     * provider with ML-KEM (Bouncy Castle 1.79+ or JDK 24+); unsupported entries drop out.
     */
    private static final List<BuiltinDHFactories> MODERN_KEX =
            List.of(
                    BuiltinDHFactories.mlkem768x25519,
                    BuiltinDHFactories.sntrup761x25519,
                    BuiltinDHFactories.sntrup761x25519_openssh,
                    BuiltinDHFactories.curve25519,
                    BuiltinDHFactories.curve25519_libssh);

    /**
     * For clients without curve25519: finite-field groups of 4096 and 8192 bits with SHA-512, which
     * ssh-audit passes (unlike NIST-curve ECDH, group14 or group exchange with its 1024-bit
     * minimum). Offered after every modern one, so only such clients pick them.
     */
    private static final List<BuiltinDHFactories> FINITE_FIELD_KEX =
            List.of(BuiltinDHFactories.dhg16_512, BuiltinDHFactories.dhg18_512);

    /**
     * AES-GCM first: the JDK's AES-GCM uses AES-NI; MINA's ChaCha20 is pure Java (~0.5x,
     * DESIGN.md).
     */
    private static final List<BuiltinCiphers> CIPHERS =
            List.of(
                    BuiltinCiphers.aes128gcm,
                    BuiltinCiphers.aes256gcm,
                    BuiltinCiphers.cc20p1305_openssh,
                    BuiltinCiphers.aes128ctr,
                    BuiltinCiphers.aes192ctr,
                    BuiltinCiphers.aes256ctr);

    /** Encrypt-then-MAC with SHA-2 only. */
    private static final List<BuiltinMacs> ETM_MACS =
            List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm);

    /**
     * SHA-2 MACs without ETM, after the ETM ones: libssh2 before 1.11 (curl, PHP) and older SSH.NET
     * releases know no ETM MAC. ssh-audit warns (encrypt-and-MAC) but does not fail them.
     */
    private static final List<BuiltinMacs> PLAIN_MACS =
            List.of(BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512);

    /**
     * Host keys are Ed25519 and RSA, so only ssh-ed25519 and rsa-sha2-* are offered as host key
     * algorithms; the ECDSA and security-key signatures are here so users with such keys can log in
     * (validation accepts them), never as host keys. SHA-1 "ssh-rsa" signatures are refused.
     */
    private static final List<BuiltinSignatures> SIGNATURES =
            List.of(
                    BuiltinSignatures.ed25519,
                    BuiltinSignatures.rsaSHA512,
                    BuiltinSignatures.rsaSHA256,
                    BuiltinSignatures.sk_ssh_ed25519,
                    BuiltinSignatures.nistp256,
                    BuiltinSignatures.nistp384,
                    BuiltinSignatures.nistp521,
                    BuiltinSignatures.sk_ecdsa_sha2_nistp256);

    /** Copies the lists. */
    public Algorithms {
        keyExchanges = List.copyOf(keyExchanges);
        ciphers = List.copyOf(ciphers);
        macs = List.copyOf(macs);
        signatures = List.copyOf(signatures);
    }

    /** The lists of one policy. */
    public static Algorithms of(SshPolicy policy) {
        return switch (policy) {
            case SLUICE_2026_12_STRICT ->
                    new Algorithms(policy, MODERN_KEX, CIPHERS, ETM_MACS, SIGNATURES);
            case SLUICE_2026_12 ->
                    new Algorithms(
                            policy,
                            concat(MODERN_KEX, FINITE_FIELD_KEX),
                            CIPHERS,
                            concat(ETM_MACS, PLAIN_MACS),
                            SIGNATURES);
        };
    }

    /** Replaces the server's algorithm lists with these. */
    public void apply(SshServer server) {
        List<KeyExchangeFactory> kex =
                keyExchanges.stream()
                        .filter(BuiltinDHFactories::isSupported)
                        .map(ServerBuilder.DH2KEX)
                        .toList();
        server.setKeyExchangeFactories(kex);
        server.setCipherFactories(supported(ciphers.stream()));
        server.setMacFactories(supported(macs.stream()));
        server.setSignatureFactories(supported(signatures.stream()));
        server.setCompressionFactories(
                List.<NamedFactory<Compression>>of(BuiltinCompressions.none));
    }

    /** The key exchanges this JVM supports, as the server offers them (for logs and tests). */
    public List<String> keyExchangeNames() {
        return names(keyExchanges);
    }

    /** The ciphers this JVM supports, as offered (for logs and tests). */
    public List<String> cipherNames() {
        return names(ciphers);
    }

    /** The MACs, as offered (for logs and tests). */
    public List<String> macNames() {
        return names(macs);
    }

    private static <T> List<T> concat(List<T> first, List<T> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    private static List<String> names(List<? extends NamedResource> in) {
        return in.stream()
                .filter(f -> !(f instanceof OptionalFeature o) || o.isSupported())
                .map(NamedResource::getName)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<NamedFactory<T>> supported(Stream<? extends NamedFactory<?>> in) {
        return in.filter(f -> !(f instanceof OptionalFeature o) || o.isSupported())
                .map(f -> (NamedFactory<T>) f)
                .toList();
    }
}
