package io.reelstream.demo.launcher;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/reelstream's command line, in-process: every tool is a subcommand with its own --help and exit codes.
 * The bench registers itself from its own jar (bin/reelstream puts it on the classpath; BenchCliTest checks
 * that registration); here the test classpath registers extra-tool the same way.
 */
class ReelstreamLauncherTest {
    static final List<String> SUBCOMMANDS = List.of("train", "evaluate", "tune", "publish", "synth", "runs", "serve",
            "models", "experiments", "lifecycle", "demo", "replay", "reliability", "extra-tool", "completion", "help");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ReelstreamLauncher.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEverySubcommand() {
        assertEquals(0, run("--help"), err.toString());
        String help = out.toString();
        for (String name : SUBCOMMANDS) {
            assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(name + " ") || l.trim().equals(name)),
                    "--help should list '" + name + "':\n" + help);
        }
        assertEquals(SUBCOMMANDS.size(), ReelstreamLauncher.commandLine().getSubcommands().size(),
                "a subcommand was added without being listed here: " + ReelstreamLauncher.commandLine().getSubcommands().keySet());
    }

    @Test
    void eachSubcommandHasItsOwnHelpUnderTheLaunchersName() {
        for (String name : SUBCOMMANDS) {
            if (name.equals("help")) continue; // help has no --help of its own
            out.getBuffer().setLength(0);
            assertEquals(0, run(name, "--help"), name + " --help: " + err);
            assertTrue(out.toString().contains("Usage: reelstream " + name), name + " --help:\n" + out);
        }
    }

    @Test
    void toolsKeepTheirFlagsAndExitCodes() {
        assertEquals(2, run("train", "--no-such-flag"));
        assertTrue(err.toString().contains("reelstream train --help"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("demo", "--rate", "-5"));
        assertTrue(err.toString().contains("--rate must be >= 0"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("models", "promote"));
        assertTrue(err.toString().startsWith("error: "), err.toString());
    }

    @Test
    void serveHelpListsTheTopologyKeysAndABadKeyIsExitTwo() {
        assertEquals(0, run("serve", "--help"));
        assertTrue(out.toString().contains("bootstrap.servers") && out.toString().contains("rest.port"), out.toString());
        // a key the topology does not know fails before anything connects
        assertEquals(2, run("serve", "--no.such.key=1"));
    }

    @Test
    void completionIsABashScriptCoveringTheSubcommands() {
        assertEquals(0, run("completion"), err.toString());
        String script = out.toString();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_reelstream"), "registers the completion function");
        for (String name : List.of("train", "serve", "models", "extra-tool", "replay")) {
            assertTrue(script.contains(name), "completes " + name);
        }
    }

    @Test
    void aRegistrationNamingNoCommandFailsWithTheFileAndTheLine() {
        ClassLoader broken = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                if (!name.equals(ReelstreamLauncher.EXTRA_COMMANDS)) return super.getResources(name);
                java.nio.file.Path file = java.nio.file.Files.createTempFile("commands", ".properties");
                java.nio.file.Files.writeString(file, "ghost=io.reelstream.NoSuchTool\n");
                file.toFile().deleteOnExit();
                return java.util.Collections.enumeration(List.of(file.toUri().toURL()));
            }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ReelstreamLauncher.extraCommands(broken));
        assertTrue(e.getMessage().contains("ghost=io.reelstream.NoSuchTool names no class"), e.getMessage());
    }
}
