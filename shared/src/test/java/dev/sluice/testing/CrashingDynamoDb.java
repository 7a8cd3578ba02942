package dev.sluice.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A DynamoDB client that fails its {@code failAt}-th transaction with "simulated crash", as a
 * process dying between two writes would; every other call goes to the real client.
 */
public final class CrashingDynamoDb implements InvocationHandler {

    private final DynamoDbClient real;
    private final AtomicInteger transactions = new AtomicInteger();
    private final int failAt;

    private CrashingDynamoDb(DynamoDbClient real, int failAt) {
        this.real = real;
        this.failAt = failAt;
    }

    /** A client over {@code real} whose {@code failAt}-th TransactWriteItems throws. */
    public static DynamoDbClient failingTransaction(DynamoDbClient real, int failAt) {
        return (DynamoDbClient)
                Proxy.newProxyInstance(
                        DynamoDbClient.class.getClassLoader(),
                        new Class<?>[] {DynamoDbClient.class},
                        new CrashingDynamoDb(real, failAt));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1 && args[0] instanceof Consumer) {
            // Builder overloads go through the proxy, so the request they build is seen here.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args != null
                && args.length == 1
                && args[0] instanceof TransactWriteItemsRequest
                && transactions.incrementAndGet() == failAt) {
            throw new IllegalStateException("simulated crash");
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
