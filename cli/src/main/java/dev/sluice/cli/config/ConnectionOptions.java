package dev.sluice.cli.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the command line said about the connection (each empty when not given).
 *
 * @param baseUrl {@code --base-url}
 * @param apiKey {@code --api-key}
 * @param user {@code --user}
 * @param password {@code --password}
 * @param passwordFile {@code --password-file}
 * @param insecure {@code --insecure}
 * @param profile {@code --profile}
 */
public record ConnectionOptions(
        Optional<String> baseUrl,
        Optional<String> apiKey,
        Optional<String> user,
        Optional<String> password,
        Optional<Path> passwordFile,
        boolean insecure,
        Optional<String> profile) {}
