package io.reelstream.logging;

import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemStatusListenerTest {

    @Test
    void warningsAndErrorsAreOneLineEachAndTheUnusedFormatAppenderIsNot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProblemStatusListener listener = new ProblemStatusListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        listener.addStatusEvent(new InfoStatus("Setting level of ROOT logger to WARN", this));
        listener.addStatusEvent(new WarnStatus("Appender named [json] not referenced. Skipping further processing.", this));
        listener.addStatusEvent(new WarnStatus("log.level.x=loud is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); ignored", this));
        listener.addStatusEvent(new ErrorStatus("Could not find an appender named [nope]", this));
        assertEquals("logback WARN: log.level.x=loud is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); ignored\n"
                + "logback ERROR: Could not find an appender named [nope]\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
