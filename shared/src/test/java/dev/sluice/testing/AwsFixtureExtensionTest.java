package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith(AwsFixture.class)}: the configured backend, injected wherever asked. */
@ExtendWith(AwsFixture.class)
class AwsFixtureExtensionTest {

    private static AwsEnvironment fromBeforeAll;
    private AwsEnvironment fromBeforeEach;

    @BeforeAll
    static void beforeAll(AwsEnvironment aws) {
        fromBeforeAll = aws;
    }

    @BeforeEach
    void beforeEach(AwsEnvironment aws) {
        fromBeforeEach = aws;
    }

    @Test
    void injectsOneSharedEnvironment(AwsEnvironment aws) {
        assertThat(aws).isSameAs(fromBeforeAll).isSameAs(fromBeforeEach);
        assertThat(aws.backend()).isEqualTo(AwsBackend.configured());
        assertThat(AwsFixture.environment()).isSameAs(aws);
        assertThat(aws.dynamoDb().listTables()).isNotNull();
    }

    @Test
    void backendSettingIsParsed() {
        assertThat(AwsBackend.parse("Embedded", () -> true)).isEqualTo(AwsBackend.EMBEDDED);
        assertThat(AwsBackend.parse(" localstack ", () -> false)).isEqualTo(AwsBackend.LOCALSTACK);
        assertThat(AwsBackend.parse("auto", () -> true)).isEqualTo(AwsBackend.LOCALSTACK);
        assertThat(AwsBackend.parse("auto", () -> false)).isEqualTo(AwsBackend.EMBEDDED);
        assertThat(AwsBackend.parse(null, () -> false)).isEqualTo(AwsBackend.EMBEDDED);
        assertThat(AwsBackend.parse("", () -> true)).isEqualTo(AwsBackend.LOCALSTACK);
        assertThatThrownBy(() -> AwsBackend.parse("moto", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded, localstack, auto");
    }

    @Test
    void askingForLocalStackWithoutDockerFailsClearly() {
        assumeFalse(AwsBackend.dockerAvailable(), "Docker is available here");
        assertThatThrownBy(LocalStackAwsEnvironment::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine")
                .hasMessageContaining(AwsBackend.SETTING + "=embedded");
    }

    @Test
    void dockerProbeIsQuick() {
        long t0 = System.nanoTime();
        AwsBackend.dockerAvailable();
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("ms to probe Docker again")
                .isLessThan(2000);
    }
}
