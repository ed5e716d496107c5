package io.reelstream.trainer.cli;

import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.itemitem.NativeBlas;
import io.reelstream.trainer.publish.PublishCommand;
import io.reelstream.trainer.synth.SynthCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The trainer's command line: {@code train}, {@code evaluate}, {@code tune}, {@code runs},
 * {@code synth}, {@code publish}. Exit codes: 0 done, 1 an unexpected failure (with its
 * stack trace; a native library that cannot load: one line naming it), 2 bad flags, config or input
 * files (one line naming what and where, no stack trace).
 */
@Command(name = "reelstream-trainer", mixinStandardHelpOptions = true, versionProvider = TrainerCli.Version.class,
        description = "Offline trainer: MovieLens ratings to evaluated, versioned recommendation models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PublishCommand.class, SynthCommand.class,
                TuneCommand.class, RunsCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** --version: the build's version and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"reelstream offline-trainer " + TrainingPipeline.versions()};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (exit-code mapping included), for main and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainerCli());
        String keys = TrainerConfig.KEYS.stream()
                .map(k -> String.format("  %s = %s  (env %s)%n      %s", k.name(), k.defaultValue(), k.envVar(), k.doc()))
                .collect(Collectors.joining("%n"));
        for (String name : new String[] {"train", "evaluate"}) {
            cli.getSubcommands().get(name).getCommandSpec().usageMessage()
                    .footerHeading("%nConfig keys (--config FILE, env var, --set KEY=VALUE; later wins):%n")
                    .footer(keys);
        }
        cli.getSubcommands().get("tune").getCommandSpec().usageMessage().footer(TuneCommand.kindsFooter());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("error: " + ex.getMessage() + " (try '" + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            Throwable cause = ex;
            if (isBadInput(cause)) {
                failed.getErr().println("error: " + message(cause));
                failed.getErr().flush();
                return EXIT_BAD_INPUT;
            }
            if (cause instanceof NativeBlas.MissingNativeLibraryException) { // the machine, not the input: one line, exit 1
                failed.getErr().println("error: " + message(cause));
                failed.getErr().flush();
                return EXIT_FAILURE;
            }
            failed.getErr().println("error: unexpected failure: " + cause);
            cause.printStackTrace(failed.getErr());
            failed.getErr().flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** Bad flags, config or files: the user can fix these, so one line and exit 2. */
    private static boolean isBadInput(Throwable t) {
        return t instanceof BadInputException || t instanceof UncheckedIOException || t instanceof IOException
                || t instanceof IllegalArgumentException;
    }

    private static String message(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) return u.getMessage();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
