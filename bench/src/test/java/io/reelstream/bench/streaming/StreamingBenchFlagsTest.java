package io.reelstream.bench.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad flags end the bench with exit code 2 and one line naming the problem, before any broker starts. */
class StreamingBenchFlagsTest {

    @Test
    void aBadScanIsRefusedWithTheConfigsMessage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = StreamingBench.run(new String[] {"--scan", "bf16"});
        } finally {
            System.setErr(before);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.startsWith("error: ") && message.contains("rank.scan") && message.contains("int8"), message);
    }
}
