package dev.sluice.retention;

import static dev.sluice.ValidationAssertions.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionValidatorTest {

    @Test
    void mostSpecificRuleWins() {
        RetentionRules policy =
                RetentionValidator.validate(
                        List.of(
                                new FolderRetention("/folder1", 72, false, false),
                                new FolderRetention("/folder1/subfolder/", 0, false, false),
                                new FolderRetention("/folder2", 24, true, false)));
        assertThat(policy.ruleFor("/folder1/a/b"))
                .get()
                .extracting(FolderRetention::retention)
                .isEqualTo(72);
        assertThat(policy.ruleFor("/folder1/subfolder/x"))
                .get()
                .extracting(FolderRetention::retention)
                .isEqualTo(0);
        assertThat(policy.ruleFor("/folder10")).isEmpty();
        assertThat(policy.ruleFor("/folder2"))
                .get()
                .extracting(FolderRetention::deleteEmptyDirs)
                .isEqualTo(true);
    }

    @Test
    void eachRuleHasItsMessage() {
        assertThat(errorsOf(() -> RetentionValidator.validate(List.of())))
                .containsExactly(
                        "body: give at least one {\"path\", \"retention\"} rule (got \"[]\")");
        assertThat(
                        errorsOf(
                                () ->
                                        RetentionValidator.validate(
                                                List.of(
                                                        new FolderRetention("rel", 1, false, false),
                                                        new FolderRetention("/a", -1, false, false),
                                                        new FolderRetention(
                                                                "/a/", 100_000, false, false)))))
                .containsExactly(
                        "[0].path: must be an absolute directory path such as \"/\" or \"/uploads\", without \"..\" (got \"rel\")",
                        "[1].retention: must be between 0 (exclude this path) and 87600 (hours) (got \"-1\")",
                        "[2].path: has more than one rule (got \"/a/\")",
                        "[2].retention: must be between 0 (exclude this path) and 87600 (hours) (got \"100000\")");
    }
}
