package io.reelstream.demo.cli;

import picocli.CommandLine.Option;

/** {@code --log-format text|json} of the demo's commands (default: -Dlog.format, REELSTREAM_LOG_FORMAT, or text). */
public final class LogOptions {
    /** The formats the logging module writes. */
    public enum Format { text, json }

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "Log lines on stderr as text or json (one JSON object per line: time, level, logger, thread,"
                    + " message, key fields). Default: -Dlog.format, else REELSTREAM_LOG_FORMAT, else text.")
    Format format;

    /** The chosen format, or null when the flag was not given. */
    public String format() {
        return format == null ? null : format.name();
    }
}
