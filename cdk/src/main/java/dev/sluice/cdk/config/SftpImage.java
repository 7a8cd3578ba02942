package dev.sluice.cdk.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the SFTP container image comes from. An explicit image URI (context {@code sftpImage})
 * wins: operators who publish images through their own pipeline deploy exactly that image, and no
 * Docker engine is needed on the deploying machine. Otherwise the image is built from the {@code
 * sftp-fargate} Dockerfile as a CDK asset (synthesis only stages the directory; Docker runs at
 * {@code cdk deploy} when the asset is published).
 */
public sealed interface SftpImage {

    /**
     * A pullable image URI, e.g. {@code
     * 123456789012.dkr.ecr.eu-west-1.amazonaws.com/sluice-sftp:1.0}.
     */
    record Registry(String uri) implements SftpImage {}

    /** A directory holding a {@code Dockerfile}, built by {@code cdk deploy}. */
    record DockerAsset(Path directory) implements SftpImage {}

    static SftpImage resolve(Optional<String> imageUri, Path dockerDirectory) {
        if (imageUri.isPresent()) {
            return new Registry(imageUri.get());
        }
        if (Files.isRegularFile(dockerDirectory.resolve("Dockerfile"))) {
            return new DockerAsset(dockerDirectory);
        }
        throw new IllegalArgumentException(
                "no SFTP container image: "
                        + dockerDirectory.toAbsolutePath().normalize()
                        + " has no Dockerfile. Build from a checkout that has sftp-fargate/Dockerfile, or pass an image with"
                        + " -c sftpImage=<image URI> (or point -c sftpDockerDir=<directory with a Dockerfile>)");
    }
}
