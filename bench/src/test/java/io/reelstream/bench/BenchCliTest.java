package io.reelstream.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCliTest {
    @Test
    void theLauncherFindsTheBenchCommandThroughItsRegistration() throws Exception {
        Properties commands = new Properties();
        try (InputStream in = BenchCli.class.getClassLoader().getResourceAsStream("META-INF/reelstream/commands.properties")) {
            assertNotNull(in, "the bench jar registers its command for bin/reelstream");
            commands.load(in);
        }
        assertEquals(BenchCli.class.getName(), commands.getProperty("bench"));
        CommandLine cli = (CommandLine) Class.forName(commands.getProperty("bench")).getMethod("commandLine").invoke(null);
        assertEquals(Set.of("als", "train-scale", "ranking", "itemitem-lists", "streaming", "connect-replay", "help"), cli.getSubcommands().keySet());
    }

    @Test
    void eachBenchmarkAnswersHelpAndAnUnknownFlagIsExitTwo() {
        for (String name : new String[] {"als", "train-scale", "ranking", "itemitem-lists", "streaming", "connect-replay"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = BenchCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            assertEquals(0, cli.execute(name, "--help"), name + " --help");
        }
        CommandLine cli = BenchCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(2, cli.execute("als", "--no-such-flag"));
        assertEquals(2, BenchCli.commandLine().execute("ranking", "--no-such-flag"));
        assertTrue(BenchCli.commandLine().getSubcommands().containsKey("streaming"));
    }

    /** A small run: both variants list the same (the bench throws otherwise) and the memo is hit. */
    @Test
    void itemItemListsComparesTheWholeSumWithThePrefixMemo() {
        StringWriter out = new StringWriter();
        java.io.PrintStream previous = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cli = BenchCli.commandLine();
            cli.setErr(new PrintWriter(out, true));
            code = cli.execute("itemitem-lists", "--items", "300", "--neighbours", "20", "--histories", "250",
                    "--users", "4", "--swipes", "200");
        } finally {
            System.setOut(previous);
        }
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, code, text + out);
        String row = text.lines().filter(l -> l.startsWith("| 250 |")).findFirst().orElseThrow(() -> new AssertionError(text));
        double hits = Double.parseDouble(row.split("\\|")[5].replace("%", "").trim());
        assertTrue(hits > 90, row);

        StringWriter err = new StringWriter();
        java.io.PrintStream previousErr = System.err;
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CommandLine bad = BenchCli.commandLine();
            bad.setErr(new PrintWriter(err, true));
            assertEquals(2, bad.execute("itemitem-lists", "--run", "/no/such/run"));
            assertEquals(2, BenchCli.commandLine().execute("itemitem-lists", "--users", "0"));
        } finally {
            System.setErr(previousErr);
        }
        String said = errors.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.contains("error: --run /no/such/run has no item_neighbours.bin"), said);
        assertTrue(said.contains("error: --users, --swipes and --n must be >= 1"), said);
    }
}
