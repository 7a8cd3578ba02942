package dev.sluice.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualPathTest {

    @ParameterizedTest
    @CsvSource({"/,/", "//,/", "/a,/a", "/a/,/a", "//a//b/,/a/b", "/a/./b,/a/b", "/./,/", "/a b/c,/a b/c", "/é,/é"})
    void cleansAbsolutePaths(String in, String out) {
        assertThat(VirtualPath.clean(in)).contains(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/b", "/..", "/a/../b", "/a/..", "../x", "/a\\b", "/a\u0000b", "/a\nb",
        "/\uff0e\uff0e/etc", "/a/\u2025"})
    void refusesRelativeClimbingAndTrickPaths(String in) {
        assertThat(VirtualPath.clean(in)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/a/b,/a,true", "/a,/a,true", "/ab,/a,false", "/x,/,true", "/a,/a/b,false"})
    void within(String path, String ancestor, boolean expected) {
        assertThat(VirtualPath.isWithin(path, ancestor)).isEqualTo(expected);
    }
}
