package dev.sluice.sftp.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsOnBlanksAndKeepsQuotedTextLiterally() {
        assertThat(ShellWords.split("md5sum  /a/b.txt")).contains(List.of("md5sum", "/a/b.txt"));
        assertThat(ShellWords.split("md5sum \"a; rm -rf /\""))
                .contains(List.of("md5sum", "a; rm -rf /"));
        assertThat(ShellWords.split("md5sum 'it''s' \"$(id)\" `id`"))
                .contains(List.of("md5sum", "its", "$(id)", "`id`"));
        assertThat(ShellWords.split("sha1sum /a\\ b\\;c")).contains(List.of("sha1sum", "/a b;c"));
        assertThat(ShellWords.split("md5sum \"a\\\"b\\\\c\\d\""))
                .contains(List.of("md5sum", "a\"b\\c\\d"));
        assertThat(ShellWords.split("md5sum ''")).contains(List.of("md5sum", ""));
        assertThat(ShellWords.split("   ")).contains(List.of());
    }

    @Test
    void operatorsAreCharactersNotCommands() {
        assertThat(ShellWords.split("md5sum a;rm -rf /"))
                .contains(List.of("md5sum", "a;rm", "-rf", "/"));
        assertThat(ShellWords.split("md5sum a|sh")).contains(List.of("md5sum", "a|sh"));
    }

    @Test
    void refusesOpenQuotesTrailingEscapesAndHugeRequests() {
        assertThat(ShellWords.split("md5sum 'open")).isEmpty();
        assertThat(ShellWords.split("md5sum \"open")).isEmpty();
        assertThat(ShellWords.split("md5sum a\\")).isEmpty();
        assertThat(ShellWords.split("md5sum " + "a".repeat(ShellWords.MAX_LENGTH))).isEmpty();
        assertThat(ShellWords.split(null)).isEmpty();
    }
}
