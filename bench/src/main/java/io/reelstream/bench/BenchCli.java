package io.reelstream.bench;

import io.reelstream.bench.als.AlsBench;
import io.reelstream.bench.als.TrainScaleBench;
import io.reelstream.bench.connect.ReplayBench;
import io.reelstream.bench.ranking.ItemItemListsBench;
import io.reelstream.bench.ranking.RankingBench;
import io.reelstream.bench.streaming.StreamingBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Every benchmark behind one command line ({@code bin/bench NAME}, {@code bin/reelstream bench NAME}).
 * Benchmarks print numbers with the data size and the hardware; no test asserts a time. Exit codes:
 * 0 done, 2 bad flags, 1 a failure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: they print figures (with the data size and the hardware) and assert nothing.",
        subcommands = {AlsBench.class, TrainScaleBench.class, BenchCli.Ranking.class,
                ItemItemListsBench.class, BenchCli.Streaming.class, ReplayBench.class,
                CommandLine.HelpCommand.class})
public final class BenchCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main, the launcher and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchCli());
        // the ranking and streaming benchmarks parse their own flags: pass '@file' through untouched
        cli.setExpandAtFiles(false);
        return cli;
    }

    /** RankingBench parses its own flags (it predates picocli here); this passes them through. */
    @Command(name = "ranking",
            description = "Exact top-N over 13 000 x 64 factors: µs per ranking for each variant. '--help' lists its flags.")
    static final class Ranking implements Callable<Integer> {
        @Unmatched
        List<String> flags = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return RankingBench.run(flags.toArray(String[]::new));
        }
    }

    /** StreamingBench parses its own flags; this passes them through. */
    @Command(name = "streaming",
            description = "Swipes through a real embedded broker and the topology (exactly-once v2): swipes/s with CPU"
                    + " per swipe, then swipe -> list latency p50/p99 at paced rates. '--help' lists its flags.")
    static final class Streaming implements Callable<Integer> {
        @Unmatched
        List<String> flags = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return StreamingBench.run(flags.toArray(String[]::new));
        }
    }
}
