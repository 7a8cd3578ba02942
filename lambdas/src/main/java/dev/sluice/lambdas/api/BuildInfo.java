package dev.sluice.lambdas.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Version and build details, filtered into {@code sluice-version.properties} by Maven: the commit's
 * hash and time when the build was given them (cdk/app.sh does), never the time of the build.
 */
public final class BuildInfo {

    public static final String VERSION;
    public static final String BUILD_DATE;
    public static final String COMMIT;

    static {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/sluice-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Leave the defaults below: a missing version file must not stop the API.
        }
        VERSION = props.getProperty("version", "dev");
        BUILD_DATE = props.getProperty("build_date", "");
        COMMIT = props.getProperty("commit_hash", "");
    }

    private BuildInfo() {}
}
