package io.reelstream.connectors.cli;

/**
 * Keeps the Kafka clients' INFO chatter out of a CLI's stderr, where our own messages go.
 * slf4j-simple reads its level when the first logger is created, so this runs first in main();
 * a level the user set with -Dorg.slf4j.simpleLogger.defaultLogLevel wins.
 */
final class CliLogging {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private CliLogging() {}

    static void quiet() {
        if (System.getProperty(LEVEL_PROPERTY) == null) System.setProperty(LEVEL_PROPERTY, "warn");
    }
}
