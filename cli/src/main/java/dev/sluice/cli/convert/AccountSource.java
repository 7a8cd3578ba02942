package dev.sluice.cli.convert;

import java.io.IOException;

/**
 * Where accounts come from: another server's account files, read into Sluice users.
 *
 * <p>An implementation reports every account it finds, converted or skipped with the reason, so an
 * operator sees what did not come over and why.
 */
public interface AccountSource {

    /** The {@code --source} name, such as {@code unix-passwd}. */
    String name();

    /**
     * Reads the source's files and converts each account.
     *
     * @throws IOException when a file cannot be read at all (missing, unreadable, too large, not
     *     text); a bad line is a skipped account, not an exception
     */
    Conversion convert(ConvertOptions options) throws IOException;
}
