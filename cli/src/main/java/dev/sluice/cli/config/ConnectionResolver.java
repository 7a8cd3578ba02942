package dev.sluice.cli.config;

import dev.sluice.cli.CliEnvironment;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.http.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Combines the command line, the environment ({@code SLUICE_URL}, {@code SLUICE_USER}, {@code
 * SLUICE_PASSWORD}, {@code SLUICE_API_KEY}, {@code SLUICE_PROFILE}) and the profile file, in that
 * order of precedence. For credentials, the first of these three places that names any wins as a
 * whole, so an API key in the environment never mixes with a user given on the command line.
 */
public final class ConnectionResolver {

    /** The local mode's address ({@code ./dev run}). */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final CliEnvironment env;

    /**
     * A resolver.
     *
     * @param env the environment, home directory and prompt
     */
    public ConnectionResolver(CliEnvironment env) {
        this.env = env;
    }

    /** The connection to use. */
    public Connection resolve(ConnectionOptions options) {
        Profile profile = profile(options.profile());
        String url =
                options.baseUrl()
                        .or(() -> env.variable("SLUICE_URL"))
                        .or(() -> profile.value("url"))
                        .orElse(DEFAULT_URL);
        boolean insecure =
                options.insecure()
                        || profile.value("insecure").map(Boolean::parseBoolean).orElse(false);
        return new Connection(uri(url), credentials(options, profile), insecure);
    }

    private Credentials credentials(ConnectionOptions options, Profile profile) {
        List<Source> sources =
                List.of(
                        new Source(
                                "the command line",
                                options.apiKey(),
                                options.user(),
                                options.password()
                                        .or(() -> options.passwordFile().map(this::readSecret))),
                        new Source(
                                "the environment",
                                env.variable("SLUICE_API_KEY"),
                                env.variable("SLUICE_USER"),
                                env.variable("SLUICE_PASSWORD")),
                        new Source(
                                "profile " + profile.name(),
                                profile.value("api_key"),
                                profile.value("user"),
                                profile.value("password")
                                        .or(
                                                () ->
                                                        profile.value("password_file")
                                                                .map(this::expand)
                                                                .map(this::readSecret))));
        Optional<String> higherPassword = Optional.empty();
        for (Source source : sources) {
            if (source.apiKey().isPresent() && source.user().isEmpty()) {
                return new Credentials.ApiKey(source.apiKey().get());
            }
            if (source.user().isPresent()) {
                String user = source.user().get();
                String password =
                        higherPassword
                                .or(source::password)
                                .or(() -> laterPassword(sources, source))
                                .or(() -> env.prompt().ask("Password for " + user + ": "))
                                .orElseThrow(
                                        () ->
                                                new CliFailure(
                                                        ExitCodes.AUTHENTICATION,
                                                        "no password for "
                                                                + user
                                                                + " (from "
                                                                + source.where()
                                                                + "): give --password-file,"
                                                                + " SLUICE_PASSWORD or a profile's"
                                                                + " password_file"));
                return new Credentials.Basic(user, password);
            }
            // A password alone (--password with SLUICE_USER) goes with the next user named.
            higherPassword = higherPassword.or(source::password);
        }
        if (higherPassword.isPresent()) {
            throw CliFailure.usage("a password without a user: add --user or SLUICE_USER");
        }
        return new Credentials.None();
    }

    /** A user named on the command line may take its password from the environment. */
    private static Optional<String> laterPassword(List<Source> sources, Source from) {
        boolean after = false;
        for (Source source : sources) {
            if (after && source.user().isEmpty() && source.password().isPresent()) {
                return source.password();
            }
            after |= source == from;
        }
        return Optional.empty();
    }

    private Profile profile(Optional<String> requested) {
        Path file = ProfileFile.location(env.home());
        Optional<String> name = requested.or(() -> env.variable("SLUICE_PROFILE"));
        if (name.isEmpty() && !Files.exists(file)) {
            return new Profile("default", Map.of());
        }
        Map<String, Profile> profiles = ProfileFile.read(file);
        if (name.isPresent() && !profiles.containsKey(name.get())) {
            throw CliFailure.usage(
                    "no profile \""
                            + name.get()
                            + "\" in "
                            + file
                            + (profiles.isEmpty() ? "" : "; profiles there: " + profiles.keySet()));
        }
        return profiles.getOrDefault(name.orElse("default"), new Profile("default", Map.of()));
    }

    private Path expand(String path) {
        return path.startsWith("~/") ? env.home().resolve(path.substring(2)) : Path.of(path);
    }

    private String readSecret(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return (newline < 0 ? text : text.substring(0, newline)).stripTrailing();
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the password file " + file + ": " + e);
        }
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw CliFailure.usage(
                        "--base-url: expected http(s)://host[:port], got \"" + url + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliFailure.usage(
                    "--base-url: not a URL: \"" + url + "\" (" + e.getReason() + ")");
        }
    }

    private record Source(
            String where,
            Optional<String> apiKey,
            Optional<String> user,
            Optional<String> password) {}
}
