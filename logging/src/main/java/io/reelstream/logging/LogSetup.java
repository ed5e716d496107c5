package io.reelstream.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.List;
import java.util.Locale;

/**
 * The few things a process's main does about logging: pick the format ({@code log.format} =
 * {@code text} or {@code json}), give a logger a quieter default, route java.util.logging to SLF4J.
 * Logback configures itself from reelstream-logback.xml on the first logger; {@link #useFormat}
 * re-applies that file with the chosen format, so it can run after static loggers exist.
 */
public final class LogSetup {
    /** System property of the format; the env var {@link #FORMAT_ENV} is read when it is unset. */
    public static final String FORMAT_CONFIG = "log.format";
    public static final String FORMAT_ENV = "REELSTREAM_LOG_FORMAT";
    public static final String DEFAULT_FORMAT = "text";
    public static final List<String> FORMATS = List.of("text", "json");

    private LogSetup() {}

    /** The format in force: -Dlog.format, else REELSTREAM_LOG_FORMAT, else text. */
    public static String format() {
        String f = System.getProperty(FORMAT_CONFIG);
        if (f == null || f.isBlank()) f = System.getenv(FORMAT_ENV);
        return f == null || f.isBlank() ? DEFAULT_FORMAT : f.trim().toLowerCase(Locale.ROOT);
    }

    /** The format named, checked: text or json, any case; anything else names the choices. */
    public static String checkFormat(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new IllegalArgumentException(FORMAT_CONFIG + " must be text or json, got '" + format + "'");
        }
        return f;
    }

    /**
     * Switches every logger to {@code format} (text or json) and routes java.util.logging to SLF4J.
     * Re-reads the logback configuration, so levels set in code since start-up are reset to the file's.
     */
    public static void useFormat(String format) {
        String f = checkFormat(format);
        System.setProperty(FORMAT_CONFIG, f);
        LoggerContext context = logback();
        if (context != null) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("the logback configuration could not be re-read: " + e.getMessage(), e);
            }
        }
        routeJavaUtilLogging();
    }

    /** Checks the format in force (-Dlog.format or REELSTREAM_LOG_FORMAT) and applies it. */
    public static void useConfiguredFormat() {
        useFormat(format());
    }

    /**
     * Sets {@code logger} to {@code level} unless the user chose its level with
     * {@code -Dlog.level.<logger>}: a process's own quieter default (the demo hides per-swipe lines).
     */
    public static void defaultLevel(String logger, String level) {
        if (System.getProperty(ConfigurationHook.PREFIX + logger) != null) return;
        LoggerContext context = logback();
        if (context != null) context.getLogger(logger).setLevel(Level.toLevel(level));
    }

    /** java.util.logging records (Connect's Jersey, Selenium) go to SLF4J instead of JUL's own stderr handler. */
    public static void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static LoggerContext logback() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext c ? c : null;
    }
}
