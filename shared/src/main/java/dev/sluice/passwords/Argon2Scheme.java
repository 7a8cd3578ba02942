package dev.sluice.passwords;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * argon2id, argon2i and argon2d (PHC strings, see {@link Argon2Hash}), computed by Bouncy Castle.
 */
final class Argon2Scheme implements PasswordScheme {

    static final Argon2Scheme INSTANCE = new Argon2Scheme();

    private Argon2Scheme() {}

    @Override
    public void check(String storedHash) throws InvalidHashException {
        Argon2Hash.parse(storedHash);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) throws InvalidHashException {
        Argon2Hash stored = Argon2Hash.parse(storedHash);
        byte[] computed = derive(password, stored);
        try {
            return MessageDigest.isEqual(computed, stored.hash());
        } finally {
            Arrays.fill(computed, (byte) 0);
        }
    }

    /**
     * The raw argon2 output for {@code password} with the parameters, salt and length of {@code
     * like}.
     */
    static byte[] derive(byte[] password, Argon2Hash like) {
        int type =
                switch (like.format()) {
                    case ARGON2I -> Argon2Parameters.ARGON2_i;
                    case ARGON2D -> Argon2Parameters.ARGON2_d;
                    default -> Argon2Parameters.ARGON2_id;
                };
        Argon2Parameters parameters =
                new Argon2Parameters.Builder(type)
                        .withVersion(like.version())
                        .withMemoryAsKB(like.memoryKiB())
                        .withIterations(like.iterations())
                        .withParallelism(like.parallelism())
                        .withSalt(like.salt())
                        .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[like.hash().length];
        generator.generateBytes(password, out);
        return out;
    }
}
