package io.reelstream.embedded;

import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Sets the embedded broker's loggers to WARN, so a test or the demo prints its own lines and not
 * the broker's start-up chatter. A level the user already set (a system property) is kept.
 *
 * <p>Kafka 4 logs through slf4j. With slf4j-simple (our runnable modules) a logger reads
 * {@code org.slf4j.simpleLogger.log.<name>} when it is created, so setting the property before the
 * broker classes load is enough. With a log4j2 backend the levels are set through log4j-core's
 * {@code Configurator}, by reflection, because log4j-core is optional here.
 */
final class QuietKafkaLogs {
    /** Logger name prefixes of the broker, the controller and their client-side helpers. */
    static final List<String> SERVER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.raft", "org.apache.kafka.controller",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "org.apache.kafka.network", "org.apache.kafka.security", "org.apache.kafka.common",
            "org.apache.kafka.clients", "org.apache.kafka.timeline", "org.apache.kafka.deferred");
    static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    static final String LEVEL = "warn";
    /** Logs every fresh start at WARN ("The metadata log appears to be empty"), which is normal here. */
    static final String CONTROLLER_LOGGER = "org.apache.kafka.controller.QuorumController";

    private QuietKafkaLogs() {}

    static void apply() {
        for (String name : SERVER_LOGGERS) {
            String key = SIMPLE_LOGGER_PREFIX + name;
            if (System.getProperty(key) == null) System.setProperty(key, LEVEL);
        }
        String controllerKey = SIMPLE_LOGGER_PREFIX + CONTROLLER_LOGGER;
        if (System.getProperty(controllerKey) == null) System.setProperty(controllerKey, "error");
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        if (factory.contains("log4j")) setLog4jLevels();
    }

    private static void setLog4jLevels() {
        try {
            Class<?> level = Class.forName("org.apache.logging.log4j.Level");
            Object warn = level.getMethod("toLevel", String.class).invoke(null, "WARN");
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
            var setLevel = configurator.getMethod("setLevel", String.class, level);
            for (String name : SERVER_LOGGERS) setLevel.invoke(null, name, warn);
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger(QuietKafkaLogs.class)
                    .debug("log4j2 backend without log4j-core; broker log levels left as configured", e);
        }
    }
}
