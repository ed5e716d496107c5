package io.reelstream.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KnownKafkaNoiseTest {
    private static final String RETRY = "[Producer clientId={}, transactionalId={}] Got error produce response with"
            + " correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";

    /** The Sender's CONCURRENT_TRANSACTIONS retry goes to DEBUG; its other produce errors and other loggers still warn. */
    @Test
    void aRetriedConcurrentTransactionsIsDebugAndOtherProduceErrorsStillWarn() {
        LoggerContext context = new LoggerContext();
        context.addTurboFilter(new KnownKafkaNoise());
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(context);
        events.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(events);
        root.setLevel(Level.DEBUG);
        Logger sender = context.getLogger(KnownKafkaNoise.SENDER);

        sender.warn(RETRY, "p-1", "t-1", 56, "app-user-state-changelog-5", 2147483646, Errors.CONCURRENT_TRANSACTIONS);
        sender.warn(RETRY, "p-1", "t-1", 57, "recommendations-3", 2147483646, Errors.NOT_LEADER_OR_FOLLOWER);
        context.getLogger("some.other.Logger").warn(RETRY, "p", "t", 1, "x-0", 1, Errors.CONCURRENT_TRANSACTIONS);

        List<String> seen = events.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName()).toList();
        assertEquals(List.of("DEBUG " + KnownKafkaNoise.SENDER, "WARN " + KnownKafkaNoise.SENDER, "WARN some.other.Logger"), seen);
        sender.setLevel(Level.INFO);
        sender.warn(RETRY, "p-1", "t-1", 58, "x-1", 1, Errors.CONCURRENT_TRANSACTIONS);
        assertEquals(3, events.list.size(), "dropped, not shown, when the Sender's DEBUG is off");
    }
}
