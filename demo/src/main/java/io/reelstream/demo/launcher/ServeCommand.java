package io.reelstream.demo.launcher;

import io.reelstream.topology.TopologyApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code reelstream serve}: one recommender instance ({@link TopologyApp}) until Ctrl-C. Its keys are
 * the topology's config keys, given as {@code --KEY=VALUE}, so they pass through to TopologyApp as they are.
 */
@Command(name = "serve", description = "Runs one recommender instance: the Kafka Streams topology and its REST API.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Unmatched
    List<String> settings = new ArrayList<>();

    ServeCommand() {}

    @Override
    public Integer call() throws InterruptedException {
        return TopologyApp.run(settings.toArray(String[]::new));
    }

    static String footer() {
        return "%n" + TopologyApp.usage();
    }
}
