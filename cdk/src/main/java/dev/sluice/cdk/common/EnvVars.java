package dev.sluice.cdk.common;

/**
 * Environment variables the Lambda functions and the SFTP tasks read (besides the
 * {@code SLUICE_TABLE_<ID>} table names, from {@code dev.sluice.dynamo.TableNames}).
 */
public final class EnvVars {

    public static final String BUCKET = "SLUICE_BUCKET";
    public static final String JWT_SECRET_ARN = "SLUICE_JWT_SECRET_ARN";
    public static final String MASTER_KEY_SECRET_ARN = "SLUICE_MASTER_KEY_SECRET_ARN";
    public static final String ADMIN_SECRET_ARN = "SLUICE_ADMIN_SECRET_ARN";
    public static final String HOST_KEYS_SECRET_ARN = "SLUICE_HOST_KEYS_SECRET_ARN";
    public static final String TOKEN_TTL_MINUTES = "SLUICE_TOKEN_TTL_MINUTES";
    /** Queue that runs quota scans; the API enqueues on-demand scans here (SFTPGo's scans are asynchronous). */
    public static final String QUOTA_SCAN_QUEUE_URL = "SLUICE_QUOTA_SCAN_QUEUE_URL";
    public static final String SFTP_PORT = "SLUICE_SFTP_PORT";
    public static final String HEALTH_PORT = "SLUICE_HEALTH_PORT";
    public static final String PROXY_PROTOCOL = "SLUICE_PROXY_PROTOCOL";
    public static final String DRAIN_SECONDS = "SLUICE_DRAIN_SECONDS";
    /** How long a secret read from Secrets Manager is used before it is read again (dev.sluice.secrets.SecretCache). */
    public static final String SECRETS_MAX_AGE_SECONDS = "SLUICE_SECRETS_MAX_AGE_SECONDS";

    private EnvVars() {
    }
}
