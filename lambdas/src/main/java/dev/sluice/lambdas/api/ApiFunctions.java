package dev.sluice.lambdas.api;

import java.util.List;

/** Every API function, for the local adapter (on AWS each is its own Lambda function). */
public final class ApiFunctions {

    private ApiFunctions() {}

    public static List<ApiFunction> all(ApiContext context) {
        return List.of(
                new AuthHandler(context),
                new UsersHandler(context),
                new AdminsHandler(context),
                new ApiKeysHandler(context),
                new RetentionApiHandler(context),
                new BackupApiHandler(context),
                new SystemHandler(context));
    }
}
