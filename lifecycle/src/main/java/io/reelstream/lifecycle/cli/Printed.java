package io.reelstream.lifecycle.cli;

import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How registry entries and changes are printed. */
final class Printed {
    private Printed() {}

    /** The transitions a change appended and the rows it removed, one line each. */
    static void change(KafkaRegistry.Applied applied, PrintWriter out) {
        Table t = new Table("  VERSION", "FROM", "TO", "FORCED", "REASON");
        for (StageTransition s : applied.transitions()) {
            t.row("  " + s.getModelVersion(), s.getFrom() == null ? "-" : s.getFrom(), s.getTo(), s.getForced() ? "yes" : "",
                    s.getReason());
        }
        t.print(out);
        applied.rowsRemoved().forEach((version, keys) -> out.println("rows removed: " + version + " (" + keys
                + " keys tombstoned on item-embeddings and item-neighbours)"));
        if (applied.attempts() > 1) out.println("(committed on attempt " + applied.attempts() + ": another registry writer was active)");
        out.flush();
    }

    /** What 'models rollback' would do next on {@code view}. */
    static String rollbackTarget(RegistryView view) {
        return view.rollbackTarget().map(t -> RegistryView.rowsRemoved(view.entry(t))
                ? t + ", but its rows were removed: 'models rollback' would be refused" : t).orElse("none");
    }

    /** STAGE, plus whether an ARCHIVED version is the rollback target or has lost its rows. */
    static String stage(ModelRegistryEntry e, RegistryView view) {
        if (e.getStage() != ModelStage.ARCHIVED) return e.getStage().toString();
        if (RegistryView.rowsRemoved(e)) return "ARCHIVED, rows removed";
        if (view.rollbackTarget().filter(e.getModelVersion()::equals).isPresent()) return "ARCHIVED, rollback target";
        if (view.rollbackChain().contains(e.getModelVersion())) return "ARCHIVED, in rollback chain";
        return "ARCHIVED";
    }

    /** The gate metric of the version's kind, e.g. "als.ndcg 0.0906". */
    static String keyMetric(ModelRegistryEntry e, RegistryPolicy policy) {
        String key = policy.metricKey(e.getKind());
        Double v = e.getOfflineMetrics().get(key);
        return key + " " + (v == null ? "-" : Table.number(v));
    }

    /** The last transition that changed the stage (a "rows removed" record is shown by the STAGE column instead). */
    static String lastTransition(ModelRegistryEntry e) {
        List<StageTransition> t = e.getTransitions();
        StageTransition s = null;
        for (int i = t.size() - 1; i >= 0 && s == null; i--) if (t.get(i).getFrom() != t.get(i).getTo()) s = t.get(i);
        if (s == null) return "-";
        return Table.minutes(s.getAt()) + " " + (s.getFrom() == null ? "" : s.getFrom() + "->") + s.getTo() + " by " + s.getBy()
                + ": " + Table.abbreviate(s.getReason(), 48);
    }

    static String details(Map<String, Double> details) {
        return details.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(d -> d.getKey() + "=" + Table.number(d.getValue())).collect(Collectors.joining(", "));
    }
}
