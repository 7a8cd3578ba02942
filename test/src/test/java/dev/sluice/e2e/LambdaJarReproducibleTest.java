package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar is the same bytes whenever the same commit is built: CloudFormation publishes a
 * new SnapStart version (and snapshot) whenever its hash changes. A cheap guard against what made
 * it change on every build: entry times taken from the clock, and a build time filtered into the
 * version file. (Building twice and comparing hashes is the full proof; the "Deploy" section of
 * docs/deploying-on-aws.md shows the command.)
 */
class LambdaJarReproducibleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("lambdas/target/sluice-lambdas.jar");

    /** The root pom's project.build.outputTimestamp, as every entry's local DOS time. */
    private static LocalDateTime outputTimestamp() throws IOException {
        Matcher m =
                Pattern.compile(
                                "<project\\.build\\.outputTimestamp>([^<]+)</project\\.build\\.outputTimestamp>")
                        .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the root pom sets project.build.outputTimestamp").isTrue();
        return LocalDateTime.ofInstant(Instant.parse(m.group(1).strip()), ZoneOffset.UTC);
    }

    private static void requireBuilt() {
        boolean present = Files.isRegularFile(JAR);
        String why =
                JAR + " is not built (the reactor packages lambdas before this module: ./dev test)";
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(present, why);
    }

    /**
     * Entries this build produces: our classes and resources, the manifest and Maven's pom files.
     * The rest are copied from dependency jars with those jars' own (fixed) entry times.
     */
    private static boolean builtHere(String name) throws IOException {
        if (name.startsWith("dev/sluice/")
                || name.startsWith("META-INF/maven/dev.sluice/")
                || name.equals("META-INF/MANIFEST.MF")) {
            return true;
        }
        for (String module : new String[] {"lambdas", "shared"}) {
            Path resources = ROOT.resolve(module).resolve("src/main/resources");
            if (Files.isDirectory(resources) && Files.exists(resources.resolve(name))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyEntryThisBuildMakesCarriesTheFixedTimestampNotTheBuildTime() throws IOException {
        requireBuilt();
        LocalDateTime expected = outputTimestamp();
        Set<String> wrong = new TreeSet<>();
        int checked = 0;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                if (builtHere(entry.getName())) {
                    checked++;
                    if (!expected.equals(entry.getTimeLocal())) {
                        wrong.add(entry.getName() + " " + entry.getTimeLocal());
                    }
                }
            }
        }
        assertThat(checked).as("our classes and resources are in the jar").isGreaterThan(100);
        assertThat(wrong).as("entries whose time is not project.build.outputTimestamp").isEmpty();
    }

    @Test
    void theVersionFileNamesTheCommitNeverTheBuildTime() throws IOException {
        requireBuilt();
        // The source: no build-time expression may be filtered in.
        String source =
                Files.readString(
                        ROOT.resolve("lambdas/src/main/resources/sluice-version.properties"));
        assertThat(source).doesNotContain("maven.build.timestamp").doesNotContain("${timestamp}");
        assertThat(Files.readString(ROOT.resolve("lambdas/pom.xml")))
                .doesNotContain("maven.build.timestamp");
        // The jar: a commit hash and the commit's time, or nothing.
        Properties props = new Properties();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            ZipEntry entry = jar.getEntry("sluice-version.properties");
            assertThat(entry).isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                props.load(in);
            }
        }
        assertThat(props.getProperty("version")).isNotBlank().doesNotContain("${");
        assertThat(props.getProperty("commit_hash")).matches("|[0-9a-f]{40}");
        String date = props.getProperty("build_date");
        assertThat(date).matches("|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(date.isEmpty())
                .as("a commit time only with a commit hash")
                .isEqualTo(props.getProperty("commit_hash").isEmpty());
    }
}
