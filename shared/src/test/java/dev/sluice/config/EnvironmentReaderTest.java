package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dynamo.TableNames;
import dev.sluice.dynamo.Tables;
import dev.sluice.validation.FieldError;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentReaderTest {

    private static EnvironmentReader sftp(Map<String, String> env) {
        return new EnvironmentReader(env, Component.SFTP_TASK);
    }

    @Test
    void unsetOrBlankVariablesTakeTheirDefaults() {
        EnvironmentReader env =
                sftp(
                        Map.of(
                                Settings.SFTP_PORT.variable(),
                                "  ",
                                Settings.HEALTH_PORT.variable(),
                                ""));
        assertThat(env.get(Settings.SFTP_PORT)).isEqualTo(2022);
        assertThat(env.get(Settings.HEALTH_PORT)).isEqualTo(8080);
        assertThat(env.get(Settings.SFTP_BIND)).isEqualTo("0.0.0.0");
        assertThat(env.get(Settings.SETSTAT_MODE)).isEqualTo(SetStatMode.IGNORE);
        assertThat(env.get(Settings.PROXY_PROTOCOL)).isFalse();
        assertThat(env.get(Settings.DRAIN)).isEqualTo(Duration.ofSeconds(120));
        assertThat(env.get(Settings.HEARTBEAT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.get(Settings.SECRETS_MAX_AGE)).isEqualTo(Duration.ofMinutes(5));
        assertThat(env.optional(Settings.S3_ENDPOINT)).isEmpty();
        assertThat(env.optional(Settings.NODE_ID)).isEmpty();
        assertThat(env.problems()).isEmpty();
    }

    @Test
    void valuesAreReadInTheirTypesWithBlanksAroundDropped() {
        EnvironmentReader env =
                sftp(
                        Map.of(
                                "SLUICE_SFTP_PORT", " 0 ",
                                "SLUICE_HEALTH_PORT", "-1",
                                "SLUICE_PROXY_PROTOCOL", "TRUE",
                                "SLUICE_SETSTAT_MODE", "Refuse",
                                "SLUICE_DRAIN_SECONDS", "0",
                                "SLUICE_S3_ENDPOINT", "http://127.0.0.1:9000",
                                "SLUICE_NODE_ID", "task-1"));
        assertThat(env.get(Settings.SFTP_PORT)).isZero();
        assertThat(env.get(Settings.HEALTH_PORT)).isEqualTo(-1);
        assertThat(env.get(Settings.PROXY_PROTOCOL)).isTrue();
        assertThat(env.get(Settings.SETSTAT_MODE)).isEqualTo(SetStatMode.REFUSE);
        assertThat(env.get(Settings.DRAIN)).isZero();
        assertThat(env.optional(Settings.S3_ENDPOINT))
                .contains(URI.create("http://127.0.0.1:9000"));
        assertThat(env.optional(Settings.NODE_ID)).contains("task-1");
        env.check();
    }

    @Test
    void aMissingRequiredVariableIsNamedWithWhatItIsFor() {
        EnvironmentReader env = sftp(Map.of());
        assertThat(env.get(Settings.BUCKET)).isNull();
        assertThatThrownBy(env::check)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "SLUICE_BUCKET: required but not set (the installation's S3 bucket");
    }

    @Test
    void aWrongValueSaysWhatIsAllowedAndWhatItGot() {
        assertThat(problem(Settings.HEARTBEAT, "x"))
                .isEqualTo(
                        "SLUICE_HEARTBEAT_SECONDS: must be an integer between 1 and 3600 (got \"x\")");
        assertThat(problem(Settings.HEARTBEAT, "0"))
                .isEqualTo(
                        "SLUICE_HEARTBEAT_SECONDS: must be an integer between 1 and 3600 (got \"0\")");
        assertThat(problem(Settings.HEARTBEAT, "3601"))
                .isEqualTo(
                        "SLUICE_HEARTBEAT_SECONDS: must be an integer between 1 and 3600 (got \"3601\")");
        assertThat(problem(Settings.HEARTBEAT, "1.5"))
                .contains("must be an integer between 1 and 3600");
        assertThat(problem(Settings.HEARTBEAT, "99999999999999999999"))
                .contains("must be an integer between 1 and 3600");
        assertThat(problem(Settings.SFTP_PORT, "65536"))
                .contains("must be an integer between 0 and 65535");
        assertThat(problem(Settings.PROXY_PROTOCOL, "yes"))
                .isEqualTo("SLUICE_PROXY_PROTOCOL: must be true or false (got \"yes\")");
        assertThat(problem(Settings.SETSTAT_MODE, "chmod"))
                .isEqualTo("SLUICE_SETSTAT_MODE: must be ignore or refuse (got \"chmod\")");
        assertThat(problem(Settings.S3_ENDPOINT, "s3.example.com"))
                .contains("must be an http or https URI");
        assertThat(problem(Settings.S3_ENDPOINT, "ftp://example.com"))
                .contains("must be an http or https URI");
        assertThat(problem(Settings.S3_ENDPOINT, "http://[bad"))
                .contains("must be an http or https URI");
    }

    @Test
    void aHostileValueIsShownShortened() {
        String huge = "9".repeat(100_000);
        assertThat(problem(Settings.UPLOAD_MEMORY_MB, huge)).hasSizeLessThan(300).contains("...");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("SLUICE_HEARTBEAT_SECONDS", "x");
        env.put("SLUICE_SFTP_PORT", "-5");
        env.put("SLUICE_SETSTAT_MODE", "sometimes");
        EnvironmentReader reader = sftp(env);
        reader.get(Settings.BUCKET);
        reader.get(Settings.HOST_KEYS_SECRET_ARN);
        // A config can still be assembled (no null where a default exists) before check() throws.
        assertThat(reader.get(Settings.HEARTBEAT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(reader.get(Settings.SFTP_PORT)).isEqualTo(2022);
        reader.get(Settings.SETSTAT_MODE);
        reader.get(Settings.DRAIN);
        assertThatThrownBy(reader::check)
                .isInstanceOfSatisfying(
                        ConfigurationException.class,
                        e -> {
                            assertThat(e.problems())
                                    .extracting(FieldError::field)
                                    .containsExactly(
                                            "SLUICE_BUCKET",
                                            "SLUICE_HOST_KEYS_SECRET_ARN",
                                            "SLUICE_HEARTBEAT_SECONDS",
                                            "SLUICE_SFTP_PORT",
                                            "SLUICE_SETSTAT_MODE");
                            assertThat(e)
                                    .hasMessageStartingWith("invalid configuration (5 problems):")
                                    .hasMessageContaining(
                                            "\n  SLUICE_SFTP_PORT: must be an integer between 0 and 65535 (got \"-5\")");
                        });
    }

    @Test
    void requiredForOneComponentIsOptionalForAnother() {
        Map<String, String> none = Map.of();
        EnvironmentReader api = new EnvironmentReader(none, Component.API_FUNCTIONS);
        assertThat(api.get(Settings.MASTER_KEY_SECRET_ARN)).isNull();
        assertThat(api.problems())
                .extracting(FieldError::field)
                .containsExactly("SLUICE_MASTER_KEY_SECRET_ARN");

        EnvironmentReader jobs = new EnvironmentReader(none, Component.JOBS);
        assertThat(jobs.optional(Settings.MASTER_KEY_SECRET_ARN)).isEmpty();
        jobs.check();
    }

    @Test
    void aComponentReadsOnlyTheSettingsThatNameIt() {
        // What the docs say a component reads is what its code can read.
        assertThatThrownBy(() -> sftp(Map.of()).get(Settings.JWT_SECRET_ARN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not read by the SFTP task");
        assertThatThrownBy(
                        () ->
                                new EnvironmentReader(Map.of(), Component.JOBS)
                                        .get(Settings.HEARTBEAT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionalAndDefaultedSettingsAreReadTheirOwnWay() {
        assertThatThrownBy(() -> sftp(Map.of()).get(Settings.NODE_ID))
                .hasMessageContaining("optional()");
        assertThatThrownBy(() -> sftp(Map.of()).optional(Settings.SFTP_PORT))
                .hasMessageContaining("get()");
        assertThatThrownBy(() -> sftp(Map.of()).optional(Settings.BUCKET))
                .hasMessageContaining("get()");
    }

    @Test
    void theReaderRemembersWhatItConsulted() {
        EnvironmentReader env = sftp(Map.of());
        env.get(Settings.SFTP_PORT);
        env.optional(Settings.NODE_ID);
        assertThat(env.consulted()).containsExactlyInAnyOrder(Settings.SFTP_PORT, Settings.NODE_ID);
    }

    @Test
    void tableNamesComeFromThePrefixAndEachTablesOwnVariable() {
        EnvironmentReader env =
                new EnvironmentReader(
                        Map.of(
                                "SLUICE_TABLE_PREFIX",
                                "acme-",
                                "SLUICE_TABLE_USERS",
                                "Stack-UsersTable-ABC"),
                        Component.API_FUNCTIONS);
        TableNames tables = env.tables();
        env.check();
        assertThat(tables.of(Tables.USERS)).isEqualTo("Stack-UsersTable-ABC");
        assertThat(tables.of(Tables.ADMINS)).isEqualTo("acme-admins");
        assertThat(new EnvironmentReader(Map.of(), Component.JOBS).tables().of(Tables.FOLDERS))
                .isEqualTo("sluice-folders");
        assertThat(Settings.table(Tables.API_KEYS).variable()).isEqualTo("SLUICE_TABLE_APIKEYS");
    }

    @Test
    void writingAValueChecksItAsReadingWould() {
        Map<String, String> env = new HashMap<>();
        Settings.DRAIN.put(env, Duration.ofSeconds(110));
        Settings.PROXY_PROTOCOL.put(env, true);
        Settings.SETSTAT_MODE.put(env, SetStatMode.REFUSE);
        Settings.TOKEN_TTL.put(env, Duration.ofMinutes(20));
        assertThat(env)
                .containsEntry("SLUICE_DRAIN_SECONDS", "110")
                .containsEntry("SLUICE_PROXY_PROTOCOL", "true")
                .containsEntry("SLUICE_SETSTAT_MODE", "refuse")
                .containsEntry("SLUICE_TOKEN_TTL_MINUTES", "20");
        // A stack that writes what the task would refuse fails at synthesis, not at the task's
        // start.
        assertThatThrownBy(() -> Settings.DRAIN.put(env, Duration.ofHours(2)))
                .hasMessageContaining("between 0 and 3600");
        assertThatThrownBy(() -> Settings.DRAIN.put(env, Duration.ofMillis(1500)))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> Settings.TOKEN_TTL.put(env, Duration.ofSeconds(90)))
                .hasMessageContaining("whole minutes");
    }

    @Test
    void everySettingIsListedOnceAndItsDefaultReadsBack() throws IllegalAccessException {
        Set<Setting<?>> declared = new HashSet<>();
        for (Field field : Settings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                declared.add((Setting<?>) field.get(null));
            }
        }
        Tables.ALL.forEach(spec -> declared.add(Settings.table(spec)));
        assertThat(Settings.ALL)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(declared);
        assertThat(Settings.ALL.stream().map(Setting::variable).toList()).doesNotHaveDuplicates();
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.readBy()).as(setting.variable()).isNotEmpty();
            assertThat(setting.description())
                    .as(setting.variable())
                    .doesNotContain("|")
                    .doesNotContain("\n");
            setting.defaultValue()
                    .ifPresent(
                            value ->
                                    assertThat(roundTrip(setting))
                                            .as(setting.variable())
                                            .isEqualTo(value));
        }
    }

    @Test
    void theDocsSayWhatEachDefaultIs() {
        assertThat(Settings.BUCKET.defaultText()).isEqualTo("required");
        assertThat(Settings.SFTP_PORT.defaultText()).isEqualTo("2022");
        assertThat(Settings.SETSTAT_MODE.defaultText()).isEqualTo("ignore");
        assertThat(Settings.NODE_ID.defaultText()).isEqualTo("the host name");
        assertThat(Settings.MASTER_KEY_SECRET_ARN.defaultText())
                .startsWith("required by the API functions; otherwise none");
        assertThat(Settings.SFTP_PORT.allowed()).isEqualTo("an integer between 0 and 65535");
    }

    @Test
    void aDefinitionMustBeComplete() {
        assertThatThrownBy(() -> Setting.text("SLUICE_X").description("x").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Setting.text("SLUICE_X").readBy(Component.JOBS).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () ->
                                Setting.integer("SLUICE_X", 1, 5)
                                        .readBy(Component.JOBS)
                                        .defaultValue(9)
                                        .description("x")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                Setting.text("lowercase")
                                        .readBy(Component.JOBS)
                                        .description("x")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> T roundTrip(Setting<T> setting) {
        return setting.parse(setting.format(setting.defaultValue().orElseThrow()));
    }

    private static String problem(Setting<?> setting, String value) {
        EnvironmentReader env = sftp(Map.of(setting.variable(), value));
        if (setting.defaultValue().isPresent() || setting.isRequiredFor(Component.SFTP_TASK)) {
            env.get(setting);
        } else {
            env.optional(setting);
        }
        assertThat(env.problems()).hasSize(1);
        assertThatThrownBy(env::check).isInstanceOf(ConfigurationException.class);
        return env.problems().get(0).describe();
    }
}
