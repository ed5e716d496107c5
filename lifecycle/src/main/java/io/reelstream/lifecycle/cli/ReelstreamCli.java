package io.reelstream.lifecycle.cli;

import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.logging.LogSetup;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryException;
import io.reelstream.schemas.registry.RegistryRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/reelstream}: the product's one launcher. {@code models list|show|promote|rollback|archive}
 * {@code experiments start|stop|list|show|status} and {@code lifecycle} (the service). Exit codes: 0 done; 2 bad input or a change the
 * registry's rules refuse (one line naming the problem; nothing written); 1 Kafka unreachable or an
 * unexpected failure.
 */
@Command(name = "reelstream", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
        description = "The reelstream model lifecycle: the model registry's versions and stages, A/B experiments, and the"
                + " lifecycle service that runs the loop by itself.",
        subcommands = {ModelsCommand.class, ExperimentsCommand.class, LifecycleCommand.class, CommandLine.HelpCommand.class})
public final class ReelstreamCli implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ReelstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"reelstream lifecycle " + (v == null ? "(development build)" : v) + ", Java "
                    + System.getProperty("java.version")};
        }
    }

    public static void main(String[] args) {
        quietKafkaLogs();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (exit codes, config keys in --help), for main and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ReelstreamCli());
        List<String> keys = new ArrayList<>();
        keys.add(key(CliOptions.ONLINE_METRICS_TOPIC_CONFIG, Topics.ONLINE_METRICS_TOPIC,
                "per-arm online counts written by the topology"));
        for (String[] k : RegistryClientConfig.KEYS) keys.add(key(k[0], k[1], k[2]));
        for (String[] k : RegistryPolicy.KEYS) keys.add(key(k[0], k[1], k[2]));
        cli.getCommandSpec().usageMessage().footerHeading("%nConfig keys (--set KEY=VALUE on any command):%n")
                .footer(String.join("%n", keys));
        cli.getSubcommands().get("lifecycle").getCommandSpec().usageMessage()
                .footerHeading("%nConfig keys (--config FILE, REELSTREAM_<KEY>, --set KEY=VALUE; later wins):%n")
                .footer(LifecycleCommand.keysFooter());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("error: " + ex.getMessage() + " (try '" + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            if (ex instanceof RegistryRefusedException || ex instanceof IllegalArgumentException) {
                failed.getErr().println("error: " + ex.getMessage());
                failed.getErr().flush();
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof RegistryException) {
                failed.getErr().println("error: " + ex.getMessage());
                failed.getErr().flush();
                return EXIT_FAILURE;
            }
            failed.getErr().println("error: unexpected failure: " + ex);
            ex.printStackTrace(failed.getErr());
            failed.getErr().flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** One config key for --help: name, default, meaning, each on a line that fits 80 columns. */
    private static String key(String name, String defaultValue, String doc) {
        return String.format("  %s%n      default: %s%n      %s", name, defaultValue, doc);
    }

    /**
     * The CLI prints its own lines; the Kafka clients' connection warnings would bury them (an unreachable
     * broker is reported as one error line). A level the user set with -Dlog.level.&lt;logger&gt; wins.
     */
    public static void quietKafkaLogs() {
        for (String logger : List.of("org.apache.kafka", "kafka")) LogSetup.defaultLevel(logger, "error");
    }
}
