package dev.sluice.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilePatternTest {

    @ParameterizedTest
    @CsvSource({
        "*.jpg, photo.JPG, true",
        "*.jpg, photo.jpeg, false",
        "a*b?.png, axxbc.png, true",
        "a*b?.png, ab.png, false",
        "report-[0-9][0-9].csv, report-07.csv, true",
        "report-[0-9][0-9].csv, report-7a.csv, false",
        "[^.]*, visible, true",
        "[^.]*, .hidden, false",
        "\\*.txt, *.txt, true",
        "\\*.txt, a.txt, false",
        "*, anything, true",
        "file.(1), file.(1), true",
        "a+b, a+b, true",
        "a+b, aab, false"
    })
    void matchesLikeSftpgo(String pattern, String name, boolean expected) {
        assertThat(FilePattern.compile(pattern).orElseThrow().matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[abc", "a\\", "dir/*.txt", "[]", "[^]"})
    void refusesMalformedPatterns(String pattern) {
        assertThat(FilePattern.compile(pattern)).isEmpty();
    }
}
