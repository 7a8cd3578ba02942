package dev.sluice.cli.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens kept until they expire, in memory and in {@code ~/.cache/sluice/tokens} (mode 600), so a
 * script of many commands asks for one token rather than one per command. An entry is keyed by a
 * hash of the API address, the admin and the password: a changed password never reuses a token. A
 * cache file that group or others can read is ignored, never trusted.
 */
public final class TokenCache {

    private final Optional<Path> file;
    private final Map<String, Token> memory = new HashMap<>();

    /**
     * A cache.
     *
     * @param file the cache file, empty to keep tokens in memory only
     */
    public TokenCache(Optional<Path> file) {
        this.file = file;
    }

    /** The key of a token for these credentials at this address. */
    public static String key(String baseUrl, Credentials.Basic basic) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {baseUrl, basic.username(), basic.password()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A token still usable at {@code now}. */
    public Optional<Token> get(String key, Instant now) {
        if (!memory.containsKey(key)) {
            memory.putAll(readFile());
        }
        return Optional.ofNullable(memory.get(key)).filter(t -> t.usableAt(now));
    }

    /** Keeps a token, dropping expired ones. */
    public void put(String key, Token token, Instant now) {
        memory.putAll(readFile());
        memory.put(key, token);
        memory.values().removeIf(t -> !t.usableAt(now));
        writeFile();
    }

    /** Forgets a token the API refused. */
    public void remove(String key) {
        memory.putAll(readFile());
        memory.remove(key);
        writeFile();
    }

    private Map<String, Token> readFile() {
        Map<String, Token> tokens = new HashMap<>();
        if (file.isEmpty() || !Files.isRegularFile(file.get()) || !isPrivate(file.get())) {
            return tokens;
        }
        try {
            for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                if (parts.length == 3) {
                    tokens.put(parts[0], new Token(parts[1], Instant.parse(parts[2])));
                }
            }
        } catch (IOException | DateTimeParseException e) {
            // A damaged cache costs one token request, nothing more.
            return Map.of();
        }
        return tokens;
    }

    private void writeFile() {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        StringBuilder text = new StringBuilder();
        memory.forEach(
                (k, t) ->
                        text.append(k)
                                .append('\t')
                                .append(t.accessToken())
                                .append('\t')
                                .append(t.expiresAt())
                                .append('\n'));
        try {
            Files.createDirectories(path.getParent());
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (posix(path.getParent())) {
                Files.createFile(
                        temp,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Not being able to cache is not a reason to fail the command.
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean isPrivate(Path path) {
        if (!posix(path)) {
            return true;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.stream()
                    .noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException e) {
            return false;
        }
    }
}
