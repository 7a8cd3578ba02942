package dev.sluice.sftp.fs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The hashes a client can ask for (SFTPGo's SSH commands), and where a stored one is found. */
public enum Checksum {
    MD5("md5sum", "MD5"),
    SHA1("sha1sum", "SHA-1"),
    SHA256("sha256sum", "SHA-256"),
    SHA512("sha512sum", "SHA-512");

    private final String command;
    private final String algorithm;

    Checksum(String command, String algorithm) {
        this.command = command;
        this.algorithm = algorithm;
    }

    /** The coreutils command that prints it ("md5sum"). */
    public String command() {
        return command;
    }

    /** A fresh digest for streaming. */
    public MessageDigest digest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    /** The hex value kept in the object's metadata, if the upload stored one (never SHA-512). */
    public Optional<String> stored(ObjectMeta meta) {
        return switch (this) {
            case MD5 -> meta.md5();
            case SHA1 -> meta.sha1();
            case SHA256 -> meta.sha256();
            case SHA512 -> Optional.empty();
        };
    }

    /** The checksum a command names, if it is one of these. */
    public static Optional<Checksum> ofCommand(String command) {
        for (Checksum c : values()) {
            if (c.command.equals(command)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
