package io.reelstream.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSetupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void backToText() {
        System.clearProperty("log.level.io.reelstream.quiet");
        LogSetup.useFormat("text");
    }

    /** Runs {@code body} with stderr captured; returns what was written there. */
    private static String stderrOf(Runnable body) {
        PrintStream old = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheFieldsMdcAndKeyValuePairs() throws Exception {
        String err = stderrOf(() -> {
            LogSetup.useFormat("json");
            Logger log = LoggerFactory.getLogger("io.reelstream.test.Model");
            MDC.put("experiment", "exp-1");
            try {
                log.atInfo().addKeyValue("modelVersion", "run_1").log("model {} loaded", "run_1");
            } finally {
                MDC.remove("experiment");
            }
            log.warn("swipe rejected", new IllegalStateException("boom"));
        });
        List<JsonNode> lines = new ArrayList<>();
        for (String line : err.split("\n")) if (!line.isBlank()) lines.add(JSON.readTree(line));
        assertEquals(2, lines.size(), err);
        JsonNode first = lines.get(0);
        assertEquals("INFO", first.get("level").asText());
        assertEquals("io.reelstream.test.Model", first.get("logger").asText());
        assertEquals(Thread.currentThread().getName(), first.get("thread").asText());
        assertEquals("model run_1 loaded", first.get("message").asText());
        assertEquals("run_1", first.get("modelVersion").asText());
        assertEquals("exp-1", first.get("experiment").asText());
        assertTrue(first.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), first.toString());
        JsonNode second = lines.get(1);
        assertEquals("WARN", second.get("level").asText());
        assertFalse(second.has("experiment"), "the MDC entry ended with its block");
        assertTrue(second.get("stack_trace").asText().contains("IllegalStateException: boom"), second.toString());
    }

    @Test
    void textIsTheDefaultAndOneLinePerEvent() {
        String err = stderrOf(() -> {
            LogSetup.useFormat("text");
            LoggerFactory.getLogger("io.reelstream.test.Text").info("hello {}", "there");
        });
        assertTrue(err.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Text - hello there\\R"), err);
    }

    @Test
    void aFormatOtherThanTextOrJsonIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogSetup.useFormat("xml"));
        assertEquals("log.format must be text or json, got 'xml'", e.getMessage());
    }

    @Test
    void aLogLevelPropertyOverridesTheFileAndTheProcessDefault() {
        System.setProperty("log.level.io.reelstream.quiet", "error");
        String err = stderrOf(() -> {
            LogSetup.useFormat("text");
            LogSetup.defaultLevel("io.reelstream.quiet", "debug"); // the user's property wins over this
            Logger log = LoggerFactory.getLogger("io.reelstream.quiet.Thing");
            log.warn("hidden");
            log.error("shown");
        });
        assertFalse(err.contains("hidden"), err);
        assertTrue(err.contains("shown"), err);
    }

    @Test
    void librariesLogFromWarnUpAndOursFromInfo() {
        String err = stderrOf(() -> {
            LogSetup.useFormat("text");
            LoggerFactory.getLogger("org.apache.kafka.clients.Metadata").info("chatter");
            LoggerFactory.getLogger("org.apache.kafka.clients.Metadata").warn("worth a line");
            LoggerFactory.getLogger("io.reelstream.topology.X").info("ours");
            java.util.logging.Logger.getLogger("org.glassfish.jersey.Server").warning("from JUL");
        });
        assertFalse(err.contains("chatter"), err);
        assertTrue(err.contains("worth a line") && err.contains("ours"), err);
        assertTrue(err.contains("WARN  Server - from JUL"), "java.util.logging goes through the same backend: " + err);
    }

    @Test
    void theBrokersOutOfOrderSequenceErrorIsLoweredAndOtherAppendErrorsStay() {
        String err = stderrOf(() -> {
            LogSetup.useFormat("text");
            Logger replicaManager = LoggerFactory.getLogger("kafka.server.ReplicaManager");
            replicaManager.error("Error processing append operation on partition p-0",
                    new org.apache.kafka.common.errors.OutOfOrderSequenceException("Expected sequence 0"));
            replicaManager.error("Error processing append operation on partition p-1",
                    new org.apache.kafka.common.errors.CorruptRecordException("bad CRC"));
        });
        assertFalse(err.contains("p-0"), "transactions v2's start-up sequence error is expected: " + err);
        assertTrue(err.contains("ERROR ReplicaManager - Error processing append operation on partition p-1"), err);
    }
}
