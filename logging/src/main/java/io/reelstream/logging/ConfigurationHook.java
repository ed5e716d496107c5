package io.reelstream.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;

/**
 * Runs at the end of every logback configuration (the last element of reelstream-logback.xml): routes
 * java.util.logging to SLF4J, and applies {@code -Dlog.level.<logger>=<level>} system properties, so a
 * user raises or lowers one logger without writing a logback file:
 * {@code -Dlog.level.org.apache.kafka.streams=info}. A level that is not a logback level is reported on
 * logback's status console and left out.
 */
public final class ConfigurationHook extends ContextAwareBase implements LoggerContextListener, LifeCycle {
    /** System property prefix; the rest of the name is the logger. */
    public static final String PREFIX = "log.level.";

    private boolean started;

    @Override
    public void start() {
        LogSetup.routeJavaUtilLogging();
        apply((LoggerContext) getContext());
        started = true;
    }

    /** Sets every logger named by a {@code log.level.*} system property; returns how many were set. */
    static int apply(LoggerContext context) {
        int set = 0;
        for (String key : System.getProperties().stringPropertyNames()) {
            if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) continue;
            String value = System.getProperty(key).trim();
            Level level = Level.toLevel(value, null);
            if (level == null) {
                context.getStatusManager().add(new ch.qos.logback.core.status.WarnStatus(
                        key + "=" + value + " is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); ignored", context));
                continue;
            }
            context.getLogger(key.substring(PREFIX.length())).setLevel(level);
            set++;
        }
        return set;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public boolean isResetResistant() {
        return false;
    }

    @Override
    public void onStart(LoggerContext context) {
        // levels are applied in start(), during configuration
    }

    @Override
    public void onReset(LoggerContext context) {
        // a reset re-reads the configuration, whose last element applies the overrides again
    }

    @Override
    public void onStop(LoggerContext context) {
        // nothing held
    }

    @Override
    public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {
        // not interested in other level changes
    }
}
