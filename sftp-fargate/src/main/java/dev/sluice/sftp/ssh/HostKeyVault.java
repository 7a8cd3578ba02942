package dev.sluice.sftp.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * The SSH host keys, shared by every task through one Secrets Manager secret so clients never see
 * the key change between tasks. The secret holds {@code {"ed25519": "<OpenSSH private key>", "rsa":
 * "<OpenSSH private key>"}}; the CDK stack creates it as {@code {}}.
 *
 * <p>The first task to find it empty generates both keys and stores them with a fixed {@code
 * ClientRequestToken}: Secrets Manager accepts exactly one value under a token and answers
 * ResourceExistsException to a different one, so when tasks race, one write wins and every task
 * (loser and winner alike) then uses what is stored.
 */
public final class HostKeyVault {

    /** Idempotency token of the generated version (32-64 characters). */
    static final String GENERATED_TOKEN = "sluice-host-keys-generated-v1-00000000";

    private static final int RSA_BITS = 3072;
    private static final Logger log = LoggerFactory.getLogger(HostKeyVault.class);

    private final SecretsManagerClient secrets;
    private final String secretId;

    public HostKeyVault(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    /** The stored keys, generating and storing them first when the secret is empty. */
    public List<KeyPair> load() {
        JsonNode stored = read();
        if (!stored.hasNonNull("ed25519") || !stored.hasNonNull("rsa")) {
            String generated = generate();
            try {
                secrets.putSecretValue(
                        b ->
                                b.secretId(secretId)
                                        .secretString(generated)
                                        .clientRequestToken(GENERATED_TOKEN));
                log.info("generated and stored new SSH host keys in {}", secretId);
            } catch (ResourceExistsException lostTheRace) {
                log.info("another task stored the SSH host keys first; using those");
            }
            stored = read();
        }
        List<KeyPair> keys = new ArrayList<>();
        keys.add(parse(stored.get("ed25519").asText()));
        keys.add(parse(stored.get("rsa").asText()));
        return keys;
    }

    private JsonNode read() {
        String text = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        JsonNode node =
                text == null || text.isBlank()
                        ? Json.mapper().createObjectNode()
                        : Json.read(text, JsonNode.class);
        if (!node.isObject()) {
            throw new IllegalStateException(
                    "host key secret " + secretId + " must hold a JSON object");
        }
        return node;
    }

    static String generate() {
        try {
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("ed25519", write(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256)));
            out.put("rsa", write(KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, RSA_BITS)));
            return Json.mapper().writeValueAsString(out);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate SSH host keys", e);
        }
    }

    private static String write(KeyPair pair) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "sluice-host-key", null, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    static KeyPair parse(String pem) {
        try {
            Iterable<KeyPair> pairs =
                    SecurityUtils.loadKeyPairIdentities(
                            null,
                            NamedResource.ofName("host-key"),
                            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)),
                            null);
            return pairs.iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable host key in the host key secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable host key in the host key secret", e);
        }
    }
}
