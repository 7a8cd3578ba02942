package dev.sluice.cli.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file of colon-separated records, one per line, as passwd(5), shadow(5), ProFTPD's {@code
 * AuthUserFile} and Pure-FTPd's {@code pureftpd.passwd} are. Empty fields are kept (a shadow line
 * ends in several); blank lines and {@code #} comments are not records.
 */
final class ColonFile {

    /**
     * Account files are small; a bound keeps a wrong {@code --input} (a disk image, /dev/zero) from
     * filling the memory.
     */
    static final long MAX_BYTES = 64L << 20;

    /** One record: its line number (from 1) and its fields. */
    record Line(int number, List<String> fields) {

        String field(int index) {
            return index < fields.size() ? fields.get(index) : "";
        }
    }

    private ColonFile() {}

    /**
     * The records of {@code file}.
     *
     * @param option the option that named the file, for messages ({@code --input})
     * @throws IOException naming the option and the file when it is missing, too large or not UTF-8
     *     text
     */
    static List<Line> read(Path file, String option) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(
                        option
                                + " "
                                + file
                                + ": larger than "
                                + (MAX_BYTES >> 20)
                                + " MiB; an account file is far smaller: is it the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(option + " " + file + ": no such file", e);
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(option + " " + file + ": not UTF-8 text", e);
        }
        if (text.indexOf('\0') >= 0) {
            throw new IOException(option + " " + file + ": binary, not an account file");
        }
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            lines.add(new Line(i + 1, Arrays.asList(line.split(":", -1))));
        }
        return lines;
    }
}
