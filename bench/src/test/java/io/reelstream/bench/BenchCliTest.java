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
        assertEquals(Set.of("als", "train-scale", "ranking", "streaming", "connect-replay", "help"), cli.getSubcommands().keySet());
    }

    @Test
    void eachBenchmarkAnswersHelpAndAnUnknownFlagIsExitTwo() {
        for (String name : new String[] {"als", "train-scale", "ranking", "streaming", "connect-replay"}) {
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
}
