package dev.sluice.cdk;

import dev.sluice.cdk.config.SluiceConfig;
import software.amazon.awscdk.App;

/** The CDK app: {@code cdk synth} / {@code cdk deploy} run this (see cdk.json and app.sh). */
public final class SluiceApp {

    private SluiceApp() {}

    public static void main(String[] args) {
        App app = new App();
        try {
            Sluice.build(app, SluiceConfig.fromContext(app.getNode()));
        } catch (IllegalArgumentException e) {
            // A configuration mistake: say what to change, without a stack trace.
            System.err.println("sluice: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }
}
