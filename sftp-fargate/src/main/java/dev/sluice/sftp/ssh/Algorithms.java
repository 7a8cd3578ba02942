package dev.sluice.sftp.ssh;

import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.NamedFactory;
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
 * The algorithms the server offers, listed explicitly: MINA's defaults include NIST-curve ECDH,
 * SHA-1 and non-ETM MACs, an ecdsa-sha2-nistp521 host key and zlib, which fail an audit. Order is
 * preference. Strict KEX (Terrapin, CVE-2023-48795) is always advertised by MINA 2.19's server
 * ({@code kex-strict-s-v00@openssh.com}); {@code StrictKexTest} checks it.
 */
public final class Algorithms {

    /**
     * Post-quantum hybrids first (clients that know them get them), then X25519. ML-KEM needs a
     * provider with ML-KEM (Bouncy Castle 1.79+ or JDK 24+); unsupported entries drop out.
     */
    static final List<BuiltinDHFactories> KEY_EXCHANGES =
            List.of(
                    BuiltinDHFactories.mlkem768x25519,
                    BuiltinDHFactories.sntrup761x25519,
                    BuiltinDHFactories.sntrup761x25519_openssh,
                    BuiltinDHFactories.curve25519,
                    BuiltinDHFactories.curve25519_libssh);

    /**
     * AES-GCM first: the JDK's AES-GCM uses AES-NI; MINA's ChaCha20 is pure Java (~0.5x,
     * DESIGN.md).
     */
    static final List<BuiltinCiphers> CIPHERS =
            List.of(
                    BuiltinCiphers.aes128gcm,
                    BuiltinCiphers.aes256gcm,
                    BuiltinCiphers.cc20p1305_openssh,
                    BuiltinCiphers.aes128ctr,
                    BuiltinCiphers.aes192ctr,
                    BuiltinCiphers.aes256ctr);

    /** Encrypt-then-MAC with SHA-2 only (AEAD ciphers ignore the MAC). */
    static final List<BuiltinMacs> MACS =
            List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm);

    /**
     * Host keys are Ed25519 and RSA, so only ssh-ed25519 and rsa-sha2-* are offered as host key
     * algorithms; the ECDSA and security-key signatures are here so users with such keys can log in
     * (validation accepts them), never as host keys. SHA-1 "ssh-rsa" signatures are refused.
     */
    static final List<BuiltinSignatures> SIGNATURES =
            List.of(
                    BuiltinSignatures.ed25519,
                    BuiltinSignatures.rsaSHA512,
                    BuiltinSignatures.rsaSHA256,
                    BuiltinSignatures.sk_ssh_ed25519,
                    BuiltinSignatures.nistp256,
                    BuiltinSignatures.nistp384,
                    BuiltinSignatures.nistp521,
                    BuiltinSignatures.sk_ecdsa_sha2_nistp256);

    private Algorithms() {}

    /** Replaces the server's algorithm lists with the ones above. */
    public static void apply(SshServer server) {
        server.setKeyExchangeFactories(keyExchanges());
        server.setCipherFactories(supported(CIPHERS.stream()));
        server.setMacFactories(supported(MACS.stream()));
        server.setSignatureFactories(supported(SIGNATURES.stream()));
        server.setCompressionFactories(
                List.<NamedFactory<Compression>>of(BuiltinCompressions.none));
    }

    public static List<KeyExchangeFactory> keyExchanges() {
        return KEY_EXCHANGES.stream()
                .filter(BuiltinDHFactories::isSupported)
                .map(ServerBuilder.DH2KEX)
                .toList();
    }

    public static List<String> keyExchangeNames() {
        return KEY_EXCHANGES.stream()
                .filter(BuiltinDHFactories::isSupported)
                .map(BuiltinDHFactories::getName)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<NamedFactory<T>> supported(Stream<? extends NamedFactory<?>> in) {
        return in.filter(
                        f ->
                                !(f instanceof org.apache.sshd.common.OptionalFeature o)
                                        || o.isSupported())
                .map(f -> (NamedFactory<T>) f)
                .toList();
    }

    /** Names, for logs and tests. */
    public static List<String> cipherNames() {
        return CIPHERS.stream()
                .filter(BuiltinCiphers::isSupported)
                .map(BuiltinCiphers::getName)
                .toList();
    }
}
