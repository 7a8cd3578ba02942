package dev.sluice.cdk.lambda;

import dev.sluice.cdk.common.LogGroups;
import dev.sluice.cdk.config.Removal;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Java Lambda function the way Sluice runs them all:
 *
 * <ul>
 *   <li>Java 25 ({@code java25}, the newest Lambda Java runtime; SnapStart supports it), arm64
 *       (Graviton: ~20% cheaper per GB-second, and the code is pure Java);
 *   <li>SnapStart on published versions, invoked only through the {@code live} alias, which points
 *       at the version published from the current code and configuration: callers never hit {@code
 *       $LATEST}, which SnapStart does not cover;
 *   <li>its own IAM role with nothing attached up front (no AWS managed policy): callers grant
 *       exactly what the function's area needs;
 *   <li>its own log group with a retention period, which the role may write to and nothing else.
 * </ul>
 */
public final class JavaFunction extends Construct {

    public static final String ALIAS = "live";

    /**
     * @param handler {@code class::method}
     * @param memoryMb memory (and so CPU) of each instance
     * @param timeout per invocation
     * @param environment non-secret configuration; secrets are read from Secrets Manager by ARN
     */
    public record Props(
            String handler,
            String description,
            Code code,
            int memoryMb,
            Duration timeout,
            Map<String, String> environment,
            Removal removal) {
        public Props {
            environment = Map.copyOf(environment);
        }
    }

    private final Function function;
    private final Alias alias;
    private final Role role;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup logs = LogGroups.create(this, "Logs", LogGroups.OPERATIONAL, props.removal());
        this.role =
                Role.Builder.create(this, "Role")
                        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                        .description("Sluice " + props.handler())
                        .build();
        logs.grantWrite(role);
        this.function =
                Function.Builder.create(this, "Function")
                        .runtime(Runtime.JAVA_25)
                        .architecture(Architecture.ARM_64)
                        .handler(props.handler())
                        .description(props.description())
                        .code(props.code())
                        .memorySize(props.memoryMb())
                        .timeout(props.timeout())
                        // Sorted: the version hash and the template stay the same from run to run.
                        .environment(new TreeMap<>(props.environment()))
                        .role(role)
                        .logGroup(logs)
                        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                        .build();
        // CDK warns that SnapStart needs published versions: the alias below publishes one per
        // change.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "every function is invoked through an alias on currentVersion");
        this.alias =
                Alias.Builder.create(this, "Alias")
                        .aliasName(ALIAS)
                        .version(function.getCurrentVersion())
                        .build();
    }

    /** What callers invoke: the alias on the SnapStart-enabled published version. */
    public IFunction alias() {
        return alias;
    }

    public Function function() {
        return function;
    }

    public IRole role() {
        return role;
    }
}
