package dev.sluice.paths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualPathTest {

    @ParameterizedTest
    @CsvSource({
        "/,/",
        "//,/",
        "/a,/a",
        "/a/,/a",
        "//a//b/,/a/b",
        "/a/./b,/a/b",
        "/./,/",
        "/a b/c,/a b/c",
        "/é,/é"
    })
    void cleansAbsolutePaths(String in, String out) {
        assertThat(VirtualPath.clean(in)).contains(out);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a",
                "a/b",
                "/..",
                "/a/../b",
                "/a/..",
                "../x",
                "/a\\b",
                "/a\u0000b",
                "/a\nb",
                "/\uff0e\uff0e/etc",
                "/a/\u2025"
            })
    void refusesRelativeClimbingAndTrickPaths(String in) {
        assertThat(VirtualPath.clean(in)).isEmpty();
    }

    /** Names that look like another name (to Windows, to a person) and would slip past a filter. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a.exe.",
                "/a.exe ",
                "/a.exe\u200b",
                "/a.ex\u00ade",
                "/dir./f",
                "/dir /f",
                "/...",
                "/ ",
                "/photo\u202egpj.exe",
                "/a\u200d.exe",
                "/\ufeffa.exe",
                "/a.exe\u2060",
                "/a.exe\ufe0f",
                "/a\u180e.exe",
                "/a.exe\udb40\udc20",
                "/a\ud800.exe",
                "/a.exe\u061c",
                "/a\u3164.exe",
                "/a\u034f.exe",
                "/x/y\u2066z"
            })
    void refusesNamesThatLookLikeOtherNames(String in) {
        assertThat(VirtualPath.clean(in)).as(in).isEmpty();
        String segment = in.substring(in.lastIndexOf('/') + 1);
        if (!in.contains("./") && !in.contains(" /")) {
            assertThat(VirtualPath.problemWithSegment(segment)).as(segment).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/.hidden",
                "/a.b.c",
                "/ leading",
                "/a b",
                "/\u00e9t\u00e9",
                "/\u65e5\u672c",
                "/emoji\ud83d\ude00",
                "/a..b",
                "/.a."
            })
    void keepsOrdinaryNames(String in) {
        if (in.endsWith(".")) {
            assertThat(VirtualPath.clean(in)).as("trailing dot").isEmpty();
        } else {
            assertThat(VirtualPath.clean(in)).as(in).contains(in);
        }
    }

    @ParameterizedTest
    @CsvSource({"/a/b,/a,true", "/a,/a,true", "/ab,/a,false", "/x,/,true", "/a,/a/b,false"})
    void within(String path, String ancestor, boolean expected) {
        assertThat(VirtualPath.isWithin(path, ancestor)).isEqualTo(expected);
    }
}
