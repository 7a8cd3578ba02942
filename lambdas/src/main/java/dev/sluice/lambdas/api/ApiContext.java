package dev.sluice.lambdas.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.admins.AdminService;
import dev.sluice.admins.AdminStore;
import dev.sluice.apikeys.ApiKeyService;
import dev.sluice.apikeys.ApiKeyStore;
import dev.sluice.folders.FolderService;
import dev.sluice.folders.FolderStore;
import dev.sluice.json.Json;
import dev.sluice.lambdas.auth.Authenticator;
import dev.sluice.lambdas.auth.RevokedTokens;
import dev.sluice.lambdas.auth.TokenService;
import dev.sluice.passwords.PasswordHasher;
import dev.sluice.secrets.MasterKeys;
import dev.sluice.secrets.SecretCipher;
import dev.sluice.users.UserService;
import dev.sluice.users.UserStore;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything the API functions share, built once per Lambda container (cold start) and reused
 * by every invocation: SDK clients, stores, services, the signing key read from Secrets Manager.
 */
public final class ApiContext {

    private static volatile ApiContext fromEnvironment;

    private final ApiConfig config;
    private final DynamoDbClient dynamoDb;
    private final SecretsManagerClient secrets;
    private final Clock clock;
    private final UserStore userStore;
    private final AdminStore adminStore;
    private final UserService users;
    private final FolderService folders;
    private final AdminService admins;
    private final ApiKeyService apiKeys;
    private final TokenService tokens;
    private final Authenticator authenticator;
    private final FolderStore folderStore;
    private final AtomicBoolean bootstrapped = new AtomicBoolean();

    public ApiContext(ApiConfig config, DynamoDbClient dynamoDb, SecretsManagerClient secrets, Clock clock) {
        this.config = config;
        this.dynamoDb = dynamoDb;
        this.secrets = secrets;
        this.clock = clock;
        PasswordHasher hasher = new PasswordHasher();
        SecretCipher cipher = MasterKeys.cipher(secretText(config.masterKeySecretId()));
        this.userStore = new UserStore(dynamoDb, config.tables());
        this.folderStore = new FolderStore(dynamoDb, config.tables());
        this.adminStore = new AdminStore(dynamoDb, config.tables());
        ApiKeyStore keyStore = new ApiKeyStore(dynamoDb, config.tables());
        this.users = new UserService(userStore, folderStore, hasher, cipher, clock, config.bucket());
        this.folders = new FolderService(folderStore, cipher, clock, config.bucket());
        this.admins = new AdminService(adminStore, hasher, clock);
        this.apiKeys = new ApiKeyService(keyStore, adminStore, userStore, clock);
        this.tokens = new TokenService(TokenService.signingKey(secretText(config.jwtSecretId())), config.tokenTtl(), clock,
            new RevokedTokens(dynamoDb, config.tables()));
        this.authenticator = new Authenticator(adminStore, userStore, tokens, apiKeys, hasher, clock);
    }

    /** The container-wide context for functions started by Lambda (configuration from env). */
    public static ApiContext fromEnvironment() {
        ApiContext context = fromEnvironment;
        if (context == null) {
            synchronized (ApiContext.class) {
                if (fromEnvironment == null) {
                    var http = UrlConnectionHttpClient.builder().build();
                    fromEnvironment = new ApiContext(ApiConfig.fromEnvironment(System.getenv()),
                        DynamoDbClient.builder().httpClient(http).build(),
                        SecretsManagerClient.builder().httpClient(http).build(),
                        Clock.systemUTC());
                }
                context = fromEnvironment;
            }
        }
        return context;
    }

    /** Creates the first admin from the admin secret when there is no admin yet (once per container). */
    public void bootstrapFirstAdmin() {
        if (config.adminSecretId().isEmpty() || !bootstrapped.compareAndSet(false, true)) {
            return;
        }
        JsonNode secret = Json.read(secretText(config.adminSecretId().get()), JsonNode.class);
        admins.bootstrap(secret.path("username").asText("admin"), secret.path("password").asText());
    }

    private String secretText(String secretId) {
        return secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
    }


    public ApiConfig config() { return config; }
    public DynamoDbClient dynamoDb() { return dynamoDb; }
    public Clock clock() { return clock; }
    public UserService users() { return users; }
    public UserStore userStore() { return userStore; }
    public FolderStore folderStore() { return folderStore; }
    public FolderService folders() { return folders; }
    public AdminService admins() { return admins; }
    public AdminStore adminStore() { return adminStore; }
    public ApiKeyService apiKeys() { return apiKeys; }
    public TokenService tokens() { return tokens; }
    public Authenticator authenticator() { return authenticator; }
}
