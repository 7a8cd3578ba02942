package dev.sluice.testing;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Where the AWS test fixture's services run.
 *
 * <p>Chosen with the system property or environment variable {@code SLUICE_AWS_BACKEND}: {@code
 * embedded}, {@code localstack} or {@code auto} (the default: LocalStack where a Docker engine
 * answers, embedded otherwise).
 */
public enum AwsBackend {

    /** DynamoDB Local, s3proxy and the Secrets Manager / SES v2 fakes, in this JVM. */
    EMBEDDED,

    /** LocalStack in a Docker container, started by Testcontainers. */
    LOCALSTACK;

    /** The name of the system property and of the environment variable. */
    public static final String SETTING = "SLUICE_AWS_BACKEND";

    /** The backend that {@link #SETTING} asks for, probing Docker for {@code auto}. */
    public static AwsBackend configured() {
        String value = System.getProperty(SETTING);
        if (value == null || value.isBlank()) {
            value = System.getenv(SETTING);
        }
        return parse(value, AwsBackend::dockerAvailable);
    }

    /** {@code embedded}, {@code localstack}, or {@code auto}/blank/null (asks {@code docker}). */
    static AwsBackend parse(String value, BooleanSupplier docker) {
        String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto" -> docker.getAsBoolean() ? LOCALSTACK : EMBEDDED;
            case "embedded" -> EMBEDDED;
            case "localstack" -> LOCALSTACK;
            default ->
                    throw new IllegalArgumentException(
                            SETTING + "=" + value + " is not one of embedded, localstack, auto");
        };
    }

    /**
     * Whether Testcontainers finds a Docker engine. Without one it answers in about a second (it
     * only looks for sockets and environment settings) and remembers the answer for the JVM.
     */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
