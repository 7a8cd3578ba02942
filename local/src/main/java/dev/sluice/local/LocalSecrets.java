package dev.sluice.local;

import java.security.SecureRandom;
import java.util.Base64;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The secrets a deployment keeps in Secrets Manager, created on the local mode's first start (in
 * its secrets file) and reused afterwards, so tokens, encrypted S3 secrets and SSH host keys
 * survive a restart.
 *
 * @param adminPassword the first admin's password when this start created it (print it once); null
 *     on later starts
 */
record LocalSecrets(
        String jwtSecretArn,
        String masterKeySecretArn,
        String adminSecretArn,
        String hostKeysSecretArn,
        String adminUsername,
        String adminPassword) {

    /** Where the first admin's reports go: into the outbox, like every local e-mail. */
    static final String ADMIN_EMAIL = "admin@sluice.localhost";

    static final String ADMIN = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_CHARS =
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    static LocalSecrets ensure(SecretsManagerClient secrets) {
        String jwt = ensure(secrets, "sluice/jwt-signing-key", randomKey());
        String master = ensure(secrets, "sluice/secret-master-key", randomKey());
        String hostKeys = ensure(secrets, "sluice/ssh-host-keys", "{}");
        String password = randomPassword();
        boolean firstStart = !exists(secrets, "sluice/first-admin");
        String admin =
                ensure(
                        secrets,
                        "sluice/first-admin",
                        "{\"username\":\""
                                + ADMIN
                                + "\",\"password\":\""
                                + password
                                + "\",\"email\":\""
                                + ADMIN_EMAIL
                                + "\"}");
        return new LocalSecrets(jwt, master, admin, hostKeys, ADMIN, firstStart ? password : null);
    }

    private static boolean exists(SecretsManagerClient secrets, String name) {
        try {
            secrets.describeSecret(b -> b.secretId(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static String ensure(SecretsManagerClient secrets, String name, String initialValue) {
        try {
            return secrets.describeSecret(b -> b.secretId(name)).arn();
        } catch (ResourceNotFoundException e) {
            return secrets.createSecret(b -> b.name(name).secretString(initialValue)).arn();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[48];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String randomPassword() {
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = PASSWORD_CHARS[RANDOM.nextInt(PASSWORD_CHARS.length)];
        }
        return new String(out);
    }
}
