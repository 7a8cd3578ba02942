package dev.sluice.cdk.sftp;

import dev.sluice.cdk.config.SftpImage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * Turns the configured {@link SftpImage} into an ECS image. An ECR URI becomes a repository
 * reference, so that the task execution role is granted pull on that repository only; any other
 * registry is pulled as a public image.
 */
final class SftpContainerImages {

    private static final Pattern ECR =
            Pattern.compile(
                    "^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?$");

    private SftpContainerImages() {}

    static ContainerImage of(Construct scope, SftpImage image) {
        return switch (image) {
            case SftpImage.DockerAsset asset ->
                    ContainerImage.fromAsset(
                            asset.directory().toString(),
                            // Built for the platform the task definition declares, whatever machine
                            // runs cdk deploy.
                            AssetImageProps.builder().platform(Platform.LINUX_AMD64).build());
            case SftpImage.Registry registry -> fromRegistry(scope, registry.uri());
        };
    }

    private static ContainerImage fromRegistry(Construct scope, String uri) {
        Matcher ecr = ECR.matcher(uri);
        if (!ecr.matches()) {
            return ContainerImage.fromRegistry(uri);
        }
        String arn =
                Stack.of(scope)
                        .formatArn(
                                software.amazon.awscdk.ArnComponents.builder()
                                        .service("ecr")
                                        .account(ecr.group(1))
                                        .region(ecr.group(2))
                                        .resource("repository")
                                        .resourceName(ecr.group(3))
                                        .build());
        String tagOrDigest =
                ecr.group(5) != null
                        ? ecr.group(5)
                        : ecr.group(4) != null ? ecr.group(4) : "latest";
        return ContainerImage.fromEcrRepository(
                Repository.fromRepositoryAttributes(
                        scope,
                        "SftpRepository",
                        RepositoryAttributes.builder()
                                .repositoryArn(arn)
                                .repositoryName(ecr.group(3))
                                .build()),
                tagOrDigest);
    }
}
