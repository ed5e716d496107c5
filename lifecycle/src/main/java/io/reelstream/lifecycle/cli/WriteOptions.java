package io.reelstream.lifecycle.cli;

import picocli.CommandLine.Option;

/** Who changes the registry and why: both are recorded in the transition. */
final class WriteOptions {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the registry and its audit trail.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who; recorded (default: the OS user name, ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.name}")
    String by;

    String by() {
        return by == null || by.isBlank() ? "cli" : by;
    }
}
