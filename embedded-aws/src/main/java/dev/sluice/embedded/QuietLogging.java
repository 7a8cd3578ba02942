package dev.sluice.embedded;

import java.lang.reflect.Method;
import org.slf4j.LoggerFactory;

/**
 * Keeps s3proxy and its Jetty at WARN when the application configured nothing for them.
 *
 * <p>s3proxy brings logback-classic, whose default with no configuration file is DEBUG for
 * everything, and at DEBUG s3proxy is about ten times slower. A logger that has a level of its own
 * (from a logback.xml) is left alone. Done by reflection: logback is only a runtime dependency and
 * the application may bind SLF4J to something else.
 */
final class QuietLogging {

    private static final String[] NOISY = {
        "org.gaul", "org.eclipse.jetty", "com.amazonaws.services.dynamodbv2"
    };

    private QuietLogging() {}

    static void apply() {
        try {
            Object factory = LoggerFactory.getILoggerFactory();
            if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
                return;
            }
            Class<?> levelClass =
                    Class.forName(
                            "ch.qos.logback.classic.Level",
                            true,
                            factory.getClass().getClassLoader());
            Object warn = levelClass.getField("WARN").get(null);
            for (String name : NOISY) {
                Object logger = LoggerFactory.getLogger(name);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // logging is a nicety; never fail a start over it
        }
    }
}
