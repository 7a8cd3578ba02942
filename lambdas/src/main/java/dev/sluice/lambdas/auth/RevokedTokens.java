package dev.sluice.lambdas.auth;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Logged-out tokens, kept in DynamoDB until they would have expired anyway (the table's TTL removes
 * them), so a logout holds on every Lambda container at once. An admin whose password, permissions
 * or status changed gets one item too ({@code admin#<id>}): every token of that identity issued up
 * to then is revoked.
 */
public final class RevokedTokens {

    private static final String ISSUED_BEFORE = "issued_before";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public RevokedTokens(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.tableName = names.of(Tables.REVOKED_TOKENS);
    }

    public void revoke(String tokenId, Instant expiresAt) {
        dynamoDb.putItem(
                b ->
                        b.tableName(tableName)
                                .item(
                                        Map.of(
                                                "jti",
                                                AttributeValue.fromS(tokenId),
                                                Tables.REVOKED_TOKENS.ttlAttribute().orElseThrow(),
                                                AttributeValue.fromN(
                                                        Long.toString(
                                                                expiresAt.getEpochSecond())))));
    }

    /**
     * Revokes every token of admin {@code adminId} issued at or before {@code at} (ms), until
     * {@code keepUntil}.
     */
    public void revokeIssuedBefore(long adminId, Instant at, Instant keepUntil) {
        dynamoDb.putItem(
                b ->
                        b.tableName(tableName)
                                .item(
                                        Map.of(
                                                "jti",
                                                AttributeValue.fromS(adminKey(adminId)),
                                                ISSUED_BEFORE,
                                                AttributeValue.fromN(
                                                        Long.toString(at.toEpochMilli())),
                                                Tables.REVOKED_TOKENS.ttlAttribute().orElseThrow(),
                                                AttributeValue.fromN(
                                                        Long.toString(
                                                                keepUntil.getEpochSecond())))));
    }

    public boolean isRevoked(String tokenId) {
        var response =
                dynamoDb.getItem(
                        b ->
                                b.tableName(tableName)
                                        .key(Map.of("jti", AttributeValue.fromS(tokenId)))
                                        .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty();
    }

    /**
     * Whether the token was logged out or its admin's credentials changed since it was issued (one
     * round trip).
     */
    public boolean isRevoked(String tokenId, long adminId, Instant issuedAt) {
        var response =
                dynamoDb.batchGetItem(
                        b ->
                                b.requestItems(
                                        Map.of(
                                                tableName,
                                                KeysAndAttributes.builder()
                                                        .consistentRead(true)
                                                        .keys(
                                                                java.util.List.of(
                                                                        Map.of(
                                                                                "jti",
                                                                                AttributeValue
                                                                                        .fromS(
                                                                                                tokenId)),
                                                                        Map.of(
                                                                                "jti",
                                                                                AttributeValue
                                                                                        .fromS(
                                                                                                adminKey(
                                                                                                        adminId)))))
                                                        .build())));
        for (Map<String, AttributeValue> item :
                response.responses().getOrDefault(tableName, java.util.List.of())) {
            AttributeValue before = item.get(ISSUED_BEFORE);
            if (before == null || issuedAt.toEpochMilli() <= Long.parseLong(before.n())) {
                return true;
            }
        }
        if (!response.unprocessedKeys().isEmpty()) {
            // Throttled: answer from the single strongly consistent reads rather than guess.
            return isRevoked(tokenId) || isRevokedAdmin(adminId, issuedAt);
        }
        return false;
    }

    private boolean isRevokedAdmin(long adminId, Instant issuedAt) {
        var response =
                dynamoDb.getItem(
                        b ->
                                b.tableName(tableName)
                                        .key(Map.of("jti", AttributeValue.fromS(adminKey(adminId))))
                                        .consistentRead(true));
        return response.hasItem()
                && response.item().containsKey(ISSUED_BEFORE)
                && issuedAt.toEpochMilli()
                        <= Long.parseLong(response.item().get(ISSUED_BEFORE).n());
    }

    private static String adminKey(long adminId) {
        return "admin#" + adminId;
    }
}
