package io.reelstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.DataLocator;
import io.reelstream.logging.LogSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's --once path end to end on a real broker: train on ml-latest-small, publish, topology +
 * REST, the first 300 validation swipes through the source connector in a Connect worker. Every
 * swipe must come back as a list on recommendations — except swipes on movies the model does not
 * know, which must come back as dead letters (counted here independently from the run's item file).
 * The run logs with {@code --log-format json}: every line it writes to stderr must be a JSON object.
 */
class DemoOnceTest {
    static final int SWIPES = 300;

    @TempDir
    Path models;

    @Test
    void onceReplaysEverySwipeIntoAListAndRestAnswers() throws Exception {
        DemoMain demo = new DemoMain();
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        int exit;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            exit = commandLine(demo).execute("--once", "--max-swipes", Integer.toString(SWIPES), "--rate", "0",
                    "--rest-port", "0", "--models", models.toString(), "--log-format", "json");
        } finally {
            System.setErr(stderr);
            LogSetup.useFormat("text");
        }
        assertEquals(0, exit, "exit status; stderr:\n" + logged.toString(StandardCharsets.UTF_8));
        assertEveryLineIsAJsonLogEvent(logged.toString(StandardCharsets.UTF_8));

        Demo.Summary s = demo.summary();
        assertNotNull(s, "summary");
        assertEquals(SWIPES, s.replayed());
        assertEquals(SWIPES, s.accounting().swipes(), "swipes read back from the swipes topic");
        assertEquals(0, s.accounting().unanswered(), "swipes with neither a list nor a dead letter");
        assertEquals(0, s.accounting().listsWithoutSwipe(), "lists caused by no replayed swipe");

        Set<Integer> catalogue = new HashSet<>();
        for (int id : FactorFile.read(ModelRunLayout.latestRun(models).resolve(ModelRunLayout.ITEM_FACTORS)).ids()) {
            catalogue.add(id);
        }
        ReplaySlice slice = ReplaySlice.load(DataLocator.bundled(), "validation", SWIPES);
        int unknown = 0;
        for (int i = 0; i < slice.size(); i++) if (!catalogue.contains(slice.movieId(i))) unknown++;
        assertEquals(SWIPES - unknown, s.accounting().listed(), "one list per swipe on a movie the model knows");
        assertEquals(unknown, s.accounting().deadLettered(), "one dead letter per swipe on an unknown movie");
        if (unknown > 0) assertEquals(Map.of("unknown movie", (long) unknown), s.accounting().deadLetterReasons());

        assertTrue(s.restOk(), "every GET route answers 2xx: " + s.restStatuses());
        assertTrue(s.restStatuses().size() >= 7, "routes checked: " + s.restStatuses().keySet());
        double hr = s.figures().hitRate();
        assertTrue(hr >= 0 && hr <= 1, "hit rate " + hr);
    }

    /** One JSON object per line with the fields a log pipeline keys on; the demo's stages carry the model version. */
    private static void assertEveryLineIsAJsonLogEvent(String stderr) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode event;
            try {
                event = json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a stderr line is not JSON: " + line, e);
            }
            for (String field : List.of("time", "level", "logger", "thread", "message")) {
                assertTrue(event.hasNonNull(field), "no '" + field + "' in " + line);
            }
            events.add(event);
        }
        assertTrue(events.stream().anyMatch(e -> e.get("logger").asText().startsWith("io.reelstream.demo")
                && e.hasNonNull("modelVersion") && e.get("modelVersion").asText().startsWith("run_")),
                "the publish and topology stages log their modelVersion as a field: " + events);
    }

    @Test
    void badFlagsExitWithTwo() {
        assertEquals(2, DemoMain.commandLine().execute("--rate", "-5"));
        assertEquals(2, DemoMain.commandLine().execute("--no-such-flag"));
        assertEquals(2, DemoMain.commandLine().execute("--topology", "update.rule=sideways"));
        assertEquals(2, DemoMain.commandLine().execute("--slice", "future"));
        assertEquals(2, DemoMain.commandLine().execute("--log-format", "xml"));
    }

    private static CommandLine commandLine(DemoMain demo) {
        return io.reelstream.demo.cli.Cli.configure(new CommandLine(demo));
    }
}
