package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.RegistryEntries;
import io.reelstream.schemas.registry.RegistryRefusedException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stage rules of the model registry, as pure functions of a {@link RegistryView}: each returns
 * the {@link RegistryChange} to write, or throws a {@link RuleException} naming the problem and
 * what to do. Nothing is mutated; the Kafka edge ({@link KafkaRegistry}) commits the change.
 *
 * <pre>
 *   register  (none)                → CANDIDATE
 *   promote   CANDIDATE | STAGING   → PRODUCTION   through the gate (or --force with a reason);
 *             old PRODUCTION        → ARCHIVED     "replaced by V" (it stays loadable: the rollback target)
 *   rollback  PRODUCTION            → ARCHIVED     "rollback"
 *             previous production   → PRODUCTION   (the production history below the current one)
 *   archive   CANDIDATE | STAGING   → ARCHIVED     (never PRODUCTION)
 *   experiment started: treatment   → STAGING
 *   experiment stopped: treatment   → CANDIDATE, or ARCHIVED when stopped as significantly worse
 *   experiment concluded for the treatment: → PRODUCTION (old production ARCHIVED), no offline gate
 *   retention, after every change:  ARCHIVED versions outside the first keepArchived of the
 *             rollback chain get ARCHIVED → ARCHIVED "rows removed", and their rows are tombstoned
 * </pre>
 * While an experiment runs, production does not change (promote and rollback are refused) and its
 * arms cannot be archived: the experiment would otherwise compare against a version no longer served.
 *
 * <p>Every transition of one change carries the same time, {@link RegistryView#nextAt} of the
 * clock, so transitions are strictly ordered across changes even when clocks disagree.
 */
public final class StageRules {
    private final RegistryPolicy policy;
    private final Clock clock;

    public StageRules(RegistryPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public RegistryPolicy policy() {
        return policy;
    }

    /** The time of the next change on {@code view}. */
    public long nextAt(RegistryView view) {
        return view.nextAt(clock.millis());
    }

    // ---------------------------------------------------------------- register

    /** A new version as CANDIDATE. Refused when the version exists (a version never changes). */
    public RegistryChange register(RegistryView view, String version, String kind, ModelLineage lineage,
                                   Map<String, Double> offlineMetrics, String by, String reason) {
        ModelRegistryEntry existing = view.entry(version);
        if (existing != null) {
            throw new RuleException("model version " + version + " is registered already (stage " + existing.getStage()
                    + "); a version never changes: publish the new run under its own version");
        }
        long at = nextAt(view);
        ModelRegistryEntry entry;
        try {
            entry = RegistryEntries.candidate(version, kind, lineage, offlineMetrics, at, by, reason);
        } catch (RegistryRefusedException e) {
            throw new RuleException(e.getMessage());
        }
        return withRetention(view, RegistryChange.of(List.of(entry)), at, by);
    }

    // ---------------------------------------------------------------- promote

    /**
     * {@code version} → PRODUCTION through the gate; the previous production → ARCHIVED.
     *
     * @param force promote even when the gate refuses; needs a reason, and is recorded as forced
     *              with the gate's numbers
     */
    public RegistryChange promote(RegistryView view, String version, String by, String reason, boolean force) {
        ModelRegistryEntry candidate = requireKnown(view, version);
        switch (candidate.getStage()) {
            case PRODUCTION -> throw new RuleException("model version " + version + " is PRODUCTION already");
            case ARCHIVED -> throw new RuleException("model version " + version + " is ARCHIVED: an archived version comes"
                    + " back only by 'models rollback' as the previous production; register a new version instead");
            default -> { }
        }
        refuseWhileExperimentRuns(view, "promote " + version);
        if (force && blank(reason)) {
            throw new RuleException("--force needs --reason TEXT: why the gate is overridden is recorded in the registry");
        }
        Optional<ModelRegistryEntry> production = view.production();
        String why;
        boolean forced = false;
        Map<String, Double> details = Map.of();
        if (production.isEmpty()) {
            why = "no production version yet: gate vacuous";
        } else {
            Gate.Result gate = Gate.evaluate(policy, candidate, production.get());
            details = gate.details();
            if (gate.passed()) {
                why = "gate passed: " + gate.summary() + (force ? "; --force not needed" : "");
            } else if (force) {
                forced = true;
                why = "forced past the gate: " + gate.summary();
            } else {
                throw new GateRefusedException("gate refused " + version + ": " + gate.summary() + ". To promote anyway:"
                        + " models promote " + version + " --force --reason TEXT", gate);
            }
        }
        long at = nextAt(view);
        return withRetention(view, toProduction(view, candidate, at, by, join(reason, why), forced, details), at, by);
    }

    // ---------------------------------------------------------------- rollback

    /**
     * The current production → ARCHIVED, the version that was PRODUCTION before it → PRODUCTION.
     * Refused without a production, without a previous production, or when the previous
     * production's rows were already removed.
     */
    public RegistryChange rollback(RegistryView view, String by, String reason) {
        ModelRegistryEntry production = view.production().orElseThrow(() ->
                new RuleException("no PRODUCTION version: nothing to roll back"));
        refuseWhileExperimentRuns(view, "roll back " + production.getModelVersion());
        String target = view.rollbackTarget().orElseThrow(() -> new RuleException("no previous production version to roll"
                + " back to: " + production.getModelVersion() + " is the first version in production; promote another"
                + " version instead"));
        ModelRegistryEntry previous = view.entry(target);
        if (RegistryView.rowsRemoved(previous)) {
            throw new RuleException("cannot roll back to " + target + ": its rows were removed from item-embeddings and"
                    + " item-neighbours (" + RegistryPolicy.KEEP_ARCHIVED_CONFIG + " = " + policy.keepArchived()
                    + "); promote another version instead");
        }
        long at = nextAt(view);
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        add(t, production, ModelStage.ARCHIVED, at, by, blank(reason) ? "rollback" : "rollback: " + reason, false, Map.of());
        add(t, previous, ModelStage.PRODUCTION, at, by,
                join(reason, "rollback: restores " + target + " in place of " + production.getModelVersion()), false, Map.of());
        return withRetention(view, change(view, t), at, by);
    }

    // ---------------------------------------------------------------- archive

    /** {@code version} → ARCHIVED; never the production version or an arm of a running experiment. */
    public RegistryChange archive(RegistryView view, String version, String by, String reason) {
        ModelRegistryEntry entry = requireKnown(view, version);
        switch (entry.getStage()) {
            case PRODUCTION -> throw new RuleException("model version " + version + " is PRODUCTION and cannot be"
                    + " archived: promote another version or roll back first");
            case ARCHIVED -> throw new RuleException("model version " + version + " is ARCHIVED already");
            default -> { }
        }
        Optional<Experiment> running = view.runningExperiment();
        if (running.isPresent() && isArm(running.get(), version)) {
            throw new RuleException("model version " + version + " is an arm of running experiment "
                    + running.get().getExperimentId() + ": stop it first with 'experiments stop "
                    + running.get().getExperimentId() + "'");
        }
        long at = nextAt(view);
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        add(t, entry, ModelStage.ARCHIVED, at, by, blank(reason) ? "archived" : reason, false, Map.of());
        return withRetention(view, change(view, t), at, by);
    }

    // ---------------------------------------------------------------- experiments' side of the stages

    /** The treatment of a starting experiment → STAGING (checks are the experiment rules'). */
    public RegistryChange enterStaging(RegistryView view, String treatment, long at, String by, String reason,
                                       Map<String, Double> details) {
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        add(t, requireKnown(view, treatment), ModelStage.STAGING, at, by, reason, false, details);
        return change(view, t);
    }

    /**
     * The treatment of an ending experiment leaves STAGING: → CANDIDATE when the experiment stops
     * without promotion, → ARCHIVED when it stops as significantly worse (its rows are then removed
     * by retention). No transition when it is no longer STAGING.
     */
    public RegistryChange leaveStaging(RegistryView view, String treatment, ModelStage to, long at, String by,
                                       String reason, Map<String, Double> details) {
        if (to != ModelStage.CANDIDATE && to != ModelStage.ARCHIVED) {
            throw new IllegalArgumentException("a treatment leaves STAGING for CANDIDATE or ARCHIVED, not " + to);
        }
        ModelRegistryEntry entry = requireKnown(view, treatment);
        if (entry.getStage() != ModelStage.STAGING) return RegistryChange.of(List.of());
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        add(t, entry, to, at, by, reason, false, details);
        return withRetention(view, change(view, t), at, by);
    }

    /**
     * The treatment of a concluded experiment → PRODUCTION without the offline gate (the
     * experiment's online result is the stronger evidence, recorded in {@code details}); the
     * previous production → ARCHIVED.
     */
    public RegistryChange promoteByExperiment(RegistryView view, String treatment, long at, String by, String reason,
                                              Map<String, Double> details) {
        ModelRegistryEntry entry = requireKnown(view, treatment);
        if (entry.getStage() == ModelStage.ARCHIVED || entry.getStage() == ModelStage.PRODUCTION) {
            throw new RuleException("model version " + treatment + " is " + entry.getStage() + " and cannot be promoted");
        }
        return withRetention(view, toProduction(view, entry, at, by, reason, false, details), at, by);
    }

    // ---------------------------------------------------------------- retention

    /** The ARCHIVED versions whose rows retention keeps: the first keepArchived of the rollback chain. */
    public List<String> kept(RegistryView view) {
        List<String> chain = view.rollbackChain();
        return chain.subList(0, Math.min(policy.keepArchived(), chain.size()));
    }

    /**
     * Retention on {@code view}: every ARCHIVED version whose rows are not removed yet and that is not
     * {@link #kept} gets a transition ARCHIVED → ARCHIVED "rows removed" ({@link RegistryView#ROWS_REMOVED}),
     * and is listed for tombstones.
     */
    public RegistryChange retention(RegistryView view, long at, String by) {
        List<String> kept = kept(view);
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        for (ModelRegistryEntry e : view.entries().values()) {
            if (e.getStage() != ModelStage.ARCHIVED || RegistryView.rowsRemoved(e) || kept.contains(e.getModelVersion())) continue;
            add(t, e, ModelStage.ARCHIVED, at, by, "rows removed from item-embeddings and item-neighbours: not among the "
                    + policy.keepArchived() + " rollback version(s) kept (" + RegistryPolicy.KEEP_ARCHIVED_CONFIG + ")",
                    false, Map.of(RegistryView.ROWS_REMOVED, 1.0, RegistryPolicy.KEEP_ARCHIVED_CONFIG, (double) policy.keepArchived()));
        }
        RegistryChange change = change(view, t);
        return new RegistryChange(change.entries(), List.of(), t.keySet());
    }

    /** {@code change} followed by the retention it makes due. */
    public RegistryChange withRetention(RegistryView view, RegistryChange change, long at, String by) {
        return change.then(retention(view.apply(change), at, by), view);
    }

    // ---------------------------------------------------------------- helpers

    private RegistryChange toProduction(RegistryView view, ModelRegistryEntry candidate, long at, String by, String reason,
                                        boolean forced, Map<String, Double> details) {
        Map<String, List<StageTransition>> t = new LinkedHashMap<>();
        view.production().ifPresent(p -> add(t, p, ModelStage.ARCHIVED, at, by,
                "replaced by " + candidate.getModelVersion(), false, Map.of()));
        add(t, candidate, ModelStage.PRODUCTION, at, by, reason, forced, details);
        return change(view, t);
    }

    private static void add(Map<String, List<StageTransition>> t, ModelRegistryEntry entry, ModelStage to, long at,
                            String by, String reason, boolean forced, Map<String, Double> details) {
        List<StageTransition> list = t.computeIfAbsent(entry.getModelVersion(), v -> new ArrayList<>());
        ModelStage from = list.isEmpty() ? entry.getStage() : list.get(list.size() - 1).getTo();
        list.add(RegistryEntries.transition(entry.getModelVersion(), from, to, at, by, reason, forced, details));
    }

    private static RegistryChange change(RegistryView view, Map<String, List<StageTransition>> t) {
        List<ModelRegistryEntry> entries = new ArrayList<>();
        t.forEach((version, transitions) -> entries.add(RegistryEntries.append(view.entry(version), transitions)));
        return RegistryChange.of(entries);
    }

    /** The entry of {@code version}; a RuleException listing the registered versions when there is none. */
    public static ModelRegistryEntry requireKnown(RegistryView view, String version) {
        ModelRegistryEntry entry = version == null ? null : view.entry(version);
        if (entry != null) return entry;
        Set<String> known = view.entries().keySet();
        String list = known.isEmpty() ? "the registry is empty"
                : "registered: " + known.stream().limit(10).collect(Collectors.joining(", ")) + (known.size() > 10 ? ", ..." : "");
        throw new RuleException("unknown model version '" + version + "' (" + list + "; see 'models list')");
    }

    private static void refuseWhileExperimentRuns(RegistryView view, String action) {
        view.runningExperiment().ifPresent(x -> {
            throw new RuleException("cannot " + action + " while experiment " + x.getExperimentId() + " is running (control "
                    + x.getControlVersion() + ", treatment " + x.getTreatmentVersion() + "): stop it first with"
                    + " 'experiments stop " + x.getExperimentId() + "'");
        });
    }

    static boolean isArm(Experiment x, String version) {
        return x.getControlVersion().equals(version) || x.getTreatmentVersion().equals(version);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The caller's reason first, then what the rule adds. */
    public static String join(String reason, String rule) {
        return blank(reason) ? rule : reason.trim() + "; " + rule;
    }
}
