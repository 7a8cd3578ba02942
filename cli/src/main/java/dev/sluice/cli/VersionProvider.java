package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code sluice --version}: the version Maven built (from {@code sluice-cli.properties}). */
public final class VersionProvider implements IVersionProvider {

    /** Creates the provider (picocli instantiates it). */
    public VersionProvider() {}

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("sluice-cli.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"sluice " + properties.getProperty("version", "(development build)")};
    }
}
