package dev.sluice.lambdas.auth;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Logged-out tokens, kept in DynamoDB until they would have expired anyway (the table's TTL
 * removes them), so a logout holds on every Lambda container at once.
 */
public final class RevokedTokens {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public RevokedTokens(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.tableName = names.of(Tables.REVOKED_TOKENS);
    }

    public void revoke(String tokenId, Instant expiresAt) {
        dynamoDb.putItem(b -> b.tableName(tableName).item(Map.of(
            "jti", AttributeValue.fromS(tokenId),
            Tables.REVOKED_TOKENS.ttlAttribute().orElseThrow(), AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
    }

    public boolean isRevoked(String tokenId) {
        var response = dynamoDb.getItem(b -> b.tableName(tableName).key(Map.of("jti", AttributeValue.fromS(tokenId)))
            .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty();
    }
}
