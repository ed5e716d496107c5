package io.reelstream.lifecycle.cli;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.lifecycle.experiment.ArmMetrics;
import io.reelstream.lifecycle.experiment.ExperimentRules;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.experiment.KafkaExperiments;
import io.reelstream.lifecycle.stats.ExperimentRecords;
import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.registry.RegistryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code experiments start|stop|list|show}: A/B experiment records on the experiments topic. */
@Command(name = "experiments", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
        description = "A/B experiments between two model versions (experiments topic). One runs at a time: each splits all"
                + " users by a stable hash of (userId, experiment id).",
        subcommands = {ExperimentsCommand.Start.class, ExperimentsCommand.Stop.class, ExperimentsCommand.ListExperiments.class,
                ExperimentsCommand.ShowExperiment.class, ExperimentsCommand.StatusExperiment.class})
final class ExperimentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Start an experiment: the treatment becomes STAGING and is served to --share of the users.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Mixin
        WriteOptions write;
        @Option(names = "--control", required = true, paramLabel = "VERSION", description = "The control arm, normally production.")
        String control;
        @Option(names = "--treatment", required = true, paramLabel = "VERSION", description = "The challenger.")
        String treatment;
        @Option(names = "--share", required = true, paramLabel = "P", description = "Treatment's share of users, in (0, 1).")
        double share;
        @Option(names = "--metric", paramLabel = "NAME", defaultValue = ExperimentSpec.DEFAULT_METRIC,
                description = "hit_rate or like_rate: what the decision is made on (default: ${DEFAULT-VALUE}).")
        String metric;
        @Option(names = "--min-samples", paramLabel = "N", defaultValue = "" + ExperimentSpec.DEFAULT_MIN_SAMPLES,
                description = "Trials per arm before any decision (default: ${DEFAULT-VALUE}).")
        long minSamples;
        @Option(names = "--min-lift", paramLabel = "L", defaultValue = "" + ExperimentSpec.DEFAULT_MIN_LIFT,
                description = "Relative lift needed to promote, 0.05 = 5 %% better (default: ${DEFAULT-VALUE}).")
        double minLift;
        @Option(names = "--alpha", paramLabel = "A", defaultValue = "" + ExperimentSpec.DEFAULT_ALPHA,
                description = "Significance level (default: ${DEFAULT-VALUE}).")
        double alpha;
        @Option(names = "--auto-promote", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Let the lifecycle service promote or stop on a significant result (default: ${DEFAULT-VALUE};"
                        + " --no-auto-promote leaves the decision to a human).")
        boolean autoPromote;
        @Option(names = "--id", paramLabel = "ID", description = "Experiment id (default: exp-<yyyyMMdd-HHmmss>, UTC).")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ExperimentSpec s = new ExperimentSpec(id, control, treatment, share, metric.toLowerCase(Locale.ROOT), minSamples,
                    minLift, alpha, autoPromote);
            KafkaRegistry.Applied applied = new KafkaExperiments(options.registry()).start(s, write.by(), write.reason);
            Experiment x = applied.change().experiments().get(0);
            out.println("started experiment " + x.getExperimentId() + ": " + x.getControlVersion() + " (control) vs "
                    + x.getTreatmentVersion() + " (treatment, " + Table.percent(x.getTreatmentShare()) + " of users), metric "
                    + x.getMetric());
            Printed.change(applied, out);
            out.println("per-arm counts: reelstream experiments show " + x.getExperimentId());
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Stop a running experiment without promotion; its treatment returns to CANDIDATE.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Mixin
        WriteOptions write;
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment id.")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KafkaRegistry.Applied applied = new KafkaExperiments(options.registry()).stop(id, write.by(), write.reason);
            out.println("stopped experiment " + id);
            Printed.change(applied, out);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Every experiment, oldest first.")
    static final class ListExperiments implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RegistryState state = options.registry().readState();
            CliOptions.warnSkipped(state.skipped(), spec.commandLine().getErr());
            List<Experiment> all = ExperimentRules.list(RegistryView.of(state));
            if (all.isEmpty()) {
                out.println("no experiments on " + options.clientConfig().experimentsTopic());
                out.flush();
                return 0;
            }
            Table t = new Table("ID", "STATUS", "CONTROL", "TREATMENT", "SHARE", "METRIC", "MIN SAMPLES", "MIN LIFT", "STARTED",
                    "ENDED", "BY", "OUTCOME");
            for (Experiment x : all) {
                t.row(x.getExperimentId(), x.getStatus(), x.getControlVersion(), x.getTreatmentVersion(),
                        Table.percent(x.getTreatmentShare()), x.getMetric(), x.getMinSamples(), Table.percent(x.getMinLift()),
                        Table.minutes(x.getStartedAt()), x.getEndedAt() == null ? "-" : Table.minutes(x.getEndedAt()),
                        x.getStartedBy(), x.getDecision() == null ? "-" : x.getDecision().getOutcome());
            }
            t.print(out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "One experiment: its record and the raw per-arm counts on online-metrics.")
    static final class ShowExperiment implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment id.")
        String id;

        @Override
        public Integer call() {
            return print(spec, options, id, false);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "One experiment with its statistics: per-arm counts and rates, the relative lift with its confidence"
                    + " interval, the fixed-horizon p-value, the always-valid p-value (continuing the one the lifecycle service"
                    + " stored) and the decision rule's outcome.")
    static final class StatusExperiment implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment id.")
        String id;

        @Override
        public Integer call() {
            return print(spec, options, id, true);
        }
    }

    /** show (record and raw counts) and status (the same plus the analysis). */
    static int print(CommandSpec spec, CliOptions options, String id, boolean analysis) {
        PrintWriter out = spec.commandLine().getOut();
        RegistryState state = options.registry().readState();
        CliOptions.warnSkipped(state.skipped(), spec.commandLine().getErr());
        Experiment x = ExperimentRules.requireKnown(RegistryView.of(state), id);
        Table head = new Table("experiment", x.getExperimentId());
        head.row("status", x.getStatus());
        head.row("control", x.getControlVersion());
        head.row("treatment", x.getTreatmentVersion() + " (" + Table.percent(x.getTreatmentShare()) + " of users)");
        head.row("metric", x.getMetric());
        head.row("decision rule", "min " + x.getMinSamples() + " trials per arm, min lift " + Table.percent(x.getMinLift())
                + ", alpha " + x.getAlpha() + ", auto-promote " + (x.getAutoPromote() ? "yes" : "no"));
        head.row("started", Table.seconds(x.getStartedAt()) + " by " + x.getStartedBy());
        head.row("ended", Table.seconds(x.getEndedAt()));
        head.row("reason", x.getReason().isEmpty() ? "-" : x.getReason());
        ExperimentDecision d = x.getDecision();
        if (d != null) {
            head.row("decision", d.getOutcome() + String.format(Locale.ROOT, ": lift %+.1f %% [%+.1f %%, %+.1f %%], p %.3g,"
                    + " always-valid p %.3g", 100 * d.getLift(), 100 * d.getLiftLow(), 100 * d.getLiftHigh(), d.getPValue(),
                    d.getSequentialPValue()));
        }
        head.print(out);
        out.println();
        String topic = options.onlineMetricsTopic();
        Map<String, OnlineMetrics> arms = ArmMetrics.read(options.clientConfig().bootstrapServers(), topic, id, options.timeout());
        if (arms.isEmpty()) {
            out.println("no online counts yet on " + topic + " for " + ArmMetrics.scope(id, ArmAssignment.CONTROL) + " or "
                    + ArmMetrics.scope(id, ArmAssignment.TREATMENT));
        } else {
            out.println("online counts (cumulative, " + topic + ")");
            Table t = new Table("  ARM", "VERSION", "USERS", "SWIPES", "POSITIVES", "SHOWN", "HITS", "HIT RATE", "LIKE RATE",
                    "UPDATED");
            for (String arm : List.of(ArmAssignment.CONTROL, ArmAssignment.TREATMENT)) {
                OnlineMetrics m = arms.get(arm);
                if (m == null) {
                    t.row("  " + arm, "-", "-", "-", "-", "-", "-", "-", "-", "-");
                    continue;
                }
                ArmCounts c = m.getCumulative();
                t.row("  " + arm, m.getModelVersion(), c.getUsers(), c.getSwipes(), c.getPositives(), c.getShownSwipes(),
                        c.getHits(), Table.ratio(c.getHits(), c.getPositives()), Table.ratio(c.getHits(), c.getShownSwipes()),
                        Table.seconds(m.getUpdatedAt()));
            }
            t.print(out);
            out.println("hit rate = hits / positives; like rate = hits / shown." + (analysis ? ""
                    : " Lift, intervals and p-values: 'experiments status " + id + "'."));
        }
        if (analysis) printAnalysis(out, x, arms);
        out.flush();
        return 0;
    }

    private static void printAnalysis(PrintWriter out, Experiment x, Map<String, OnlineMetrics> arms) {
        out.println();
        OnlineMetrics c = arms.get(ArmAssignment.CONTROL);
        OnlineMetrics t = arms.get(ArmAssignment.TREATMENT);
        if (c == null || t == null) {
            out.println("analysis: waiting for online counts of both arms");
            return;
        }
        ExperimentAnalysis a = ExperimentRecords.analyze(x, c.getCumulative(), t.getCumulative());
        ExperimentDecision stored = x.getDecision();
        out.println("analysis (" + a.metric() + " = hits / " + ("hit_rate".equals(a.metric()) ? "positives" : "shown swipes")
                + ", at the counts above)");
        Table arm = new Table("  ARM", "VERSION", "TRIALS", "SUCCESSES", "RATE");
        arm.row("  control", x.getControlVersion(), a.controlTrials(), a.controlSuccesses(), String.format(Locale.ROOT, "%.4f", a.controlRate()));
        arm.row("  treatment", x.getTreatmentVersion(), a.treatmentTrials(), a.treatmentSuccesses(),
                String.format(Locale.ROOT, "%.4f", a.treatmentRate()));
        arm.print(out);
        String level = java.math.BigDecimal.valueOf(100 * (1 - a.alpha())).stripTrailingZeros().toPlainString() + " %";
        Table t2 = new Table("  relative lift", String.format(Locale.ROOT, "%+.2f %% [%s CI %+.2f %%, %+.2f %%]", 100 * a.lift(),
                level, 100 * a.liftLow(), 100 * a.liftHigh()));
        t2.row("  difference", String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", a.difference(), a.differenceLow(),
                a.differenceHigh()));
        t2.row("  fixed-horizon p", String.format(Locale.ROOT, "%.3g (z %.2f; two-proportion z-test, reported, not decided on)",
                a.pValue(), a.z()));
        t2.row("  always-valid p", String.format(Locale.ROOT, "%.3g (mSPRT%s)", a.sequentialPValue(), stored == null
                ? ", from 1 at these counts" : String.format(Locale.ROOT, ", continuing the stored %.3g", stored.getSequentialPValue())));
        t2.row("  decision", a.outcome() + ": " + a.explain()
                + (x.getStatus() == io.reelstream.schemas.ExperimentStatus.RUNNING ? "" : " (the experiment is " + x.getStatus()
                + "; its recorded decision is above)"));
        t2.print(out);
    }
}
