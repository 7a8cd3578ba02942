package dev.sluice.cli.config;

import dev.sluice.cli.http.Credentials;
import java.net.URI;

/**
 * Where the API is and how to authenticate, once the command line, the environment and the profile
 * have been combined.
 *
 * @param baseUrl the API's address
 * @param credentials an API key, an admin's name and password, or none
 * @param insecure whether to skip TLS certificate checks
 */
public record Connection(URI baseUrl, Credentials credentials, boolean insecure) {}
