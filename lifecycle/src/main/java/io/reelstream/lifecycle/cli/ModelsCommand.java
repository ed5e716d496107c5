package io.reelstream.lifecycle.cli;

import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.RegistryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code models list|show|promote|rollback|archive}: the registry's versions and their stages. */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
        description = "Model versions in the registry (model-registry topic) and their stages.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class, ModelsCommand.Promote.class,
                ModelsCommand.Rollback.class, ModelsCommand.Archive.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Every registered version, oldest first: kind, stage, registration, key metric, parent, last transition.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KafkaRegistry registry = options.registry();
            RegistryState state = registry.readState();
            CliOptions.warnSkipped(state.skipped(), spec.commandLine().getErr());
            RegistryView view = RegistryView.of(state);
            if (view.entries().isEmpty()) {
                out.println("no model versions registered on " + options.clientConfig().registryTopic()
                        + " (the trainer's publish registers each version it publishes)");
                out.flush();
                return 0;
            }
            RegistryPolicy policy = options.policy();
            Table t = new Table("VERSION", "KIND", "STAGE", "REGISTERED", "KEY METRIC", "PARENT", "LAST TRANSITION");
            view.entries().values().stream().sorted(Comparator.comparingLong(ModelRegistryEntry::getRegisteredAt))
                    .forEach(e -> t.row(e.getModelVersion(), e.getKind(), Printed.stage(e, view), Table.minutes(e.getRegisteredAt()),
                            Printed.keyMetric(e, policy), e.getLineage().getParentVersion(), Printed.lastTransition(e)));
            t.print(out);
            view.runningExperiment().ifPresent(x -> out.println("experiment " + x.getExperimentId() + " is running: "
                    + x.getControlVersion() + " (control) vs " + x.getTreatmentVersion() + " (treatment, share "
                    + x.getTreatmentShare() + ")"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "One version: lineage, offline metrics and every stage transition with who, when, why.")
    static final class ShowModel implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Parameters(index = "0", paramLabel = "VERSION", description = "The model version, e.g. run_20261207T101500Z.")
        String version;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RegistryState state = options.registry().readState();
            CliOptions.warnSkipped(state.skipped(), spec.commandLine().getErr());
            RegistryView view = RegistryView.of(state);
            ModelRegistryEntry e = StageRules.requireKnown(view, version);
            ModelLineage l = e.getLineage();
            Table head = new Table("model version", e.getModelVersion());
            head.row("kind", e.getKind());
            head.row("stage", Printed.stage(e, view));
            head.row("registered", Table.seconds(e.getRegisteredAt()));
            head.row("revision", e.getRevision());
            if (view.production().filter(p -> p.getModelVersion().equals(version)).isPresent()) {
                head.row("rollback target", Printed.rollbackTarget(view));
            }
            head.print(out);
            out.println();
            out.println("lineage");
            Table lineage = new Table("  parent version", l.getParentVersion());
            lineage.row("  data fingerprint", l.getDataFingerprint());
            lineage.row("  data from .. to", Table.seconds(l.getDataFrom()) + " .. " + Table.seconds(l.getDataTo()));
            lineage.row("  trained at", Table.seconds(l.getTrainedAt()));
            lineage.row("  trigger", l.getTrigger());
            lineage.print(out);
            if (!l.getConfig().isEmpty()) {
                out.println("  config");
                Table config = new Table("    KEY", "VALUE");
                new TreeMap<>(l.getConfig()).forEach((k, v) -> config.row("    " + k, v));
                config.print(out);
            }
            out.println();
            out.println("offline metrics");
            if (e.getOfflineMetrics().isEmpty()) out.println("  (none)");
            else {
                Table metrics = new Table("  KEY", "VALUE");
                new TreeMap<>(e.getOfflineMetrics()).forEach((k, v) -> metrics.row("  " + k, Table.number(v)));
                metrics.print(out);
            }
            out.println();
            out.println("transitions");
            Table t = new Table("  #", "AT", "FROM", "TO", "BY", "FORCED", "REASON");
            int n = 0;
            for (StageTransition s : e.getTransitions()) {
                t.row("  " + ++n, Table.seconds(s.getAt()), s.getFrom() == null ? "-" : s.getFrom(), s.getTo(), s.getBy(),
                        s.getForced() ? "yes" : "", s.getReason());
            }
            t.print(out);
            n = 0;
            for (StageTransition s : e.getTransitions()) {
                n++;
                if (!s.getDetails().isEmpty()) out.println("  details of #" + n + ": " + Printed.details(s.getDetails()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = {"Make VERSION the PRODUCTION version; the current one is ARCHIVED and stays loadable as the"
                    + " rollback target.",
                    "The gate: VERSION's offline metric (gate.metric, default <kind>.ndcg) must not be worse than"
                    + " production's by more than gate.margin (default 1 %%), both evaluated on a comparable split;"
                    + " --force --reason TEXT overrides it and is recorded."})
    static final class Promote implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Mixin
        WriteOptions write;
        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to promote.")
        String version;
        @Option(names = "--force", description = "Promote even if the gate refuses (needs --reason; recorded as forced).")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KafkaRegistry.Applied applied = options.registry().promote(version, write.by(), write.reason, force);
            out.println("promoted " + version + " to PRODUCTION");
            Printed.change(applied, out);
            out.println("rollback target: " + Printed.rollbackTarget(applied.after()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Archive the PRODUCTION version and restore the one that was PRODUCTION before it.")
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Mixin
        WriteOptions write;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KafkaRegistry.Applied applied = options.registry().rollback(write.by(), write.reason);
            out.println("rolled back to " + applied.after().production().map(ModelRegistryEntry::getModelVersion).orElse("?"));
            Printed.change(applied, out);
            out.println("rollback target: " + Printed.rollbackTarget(applied.after()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "archive", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
            description = "Retire VERSION (never the PRODUCTION version); its rows are tombstoned unless it is kept for rollback.")
    static final class Archive implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CliOptions options;
        @Mixin
        WriteOptions write;
        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to archive.")
        String version;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KafkaRegistry.Applied applied = options.registry().archive(version, write.by(), write.reason);
            out.println("archived " + version);
            Printed.change(applied, out);
            out.flush();
            return 0;
        }
    }
}
