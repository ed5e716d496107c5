package io.reelstream.demo.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A command registered in this test classpath's META-INF/reelstream/commands.properties. */
@Command(name = "extra-tool", mixinStandardHelpOptions = true, description = "A registered extra command (test).")
public final class ExtraToolForTest implements Runnable {
    @Override
    public void run() {
        // nothing to do: the test checks that the launcher adopted it
    }

    public static CommandLine commandLine() {
        return new CommandLine(new ExtraToolForTest());
    }
}
