package io.reelstream.lifecycle.experiment;

import io.reelstream.lifecycle.registry.RegistryChange;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.RuleException;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.ExperimentOutcome;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The experiment records' rules, pure like {@link StageRules} and written with it in one
 * transaction:
 * <pre>
 *   start     → Experiment RUNNING; treatment → STAGING
 *   stop      → STOPPED; treatment STAGING → CANDIDATE ("stopped without promotion")
 *   conclude  → CONCLUDED with the decision; treatment → PRODUCTION (PROMOTE_TREATMENT),
 *               ARCHIVED (KEEP_CONTROL: significantly worse) or CANDIDATE (INCONCLUSIVE)
 * </pre>
 * One experiment runs at a time: each one splits all users by ArmAssignment's hash of (userId,
 * experimentId), so two at once would put the same users in two experiments.
 */
public final class ExperimentRules {
    /** Ids end up in topic keys and metric scopes ('exp/&lt;id&gt;/&lt;arm&gt;'): no '/', nothing exotic. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final StageRules stages;

    public ExperimentRules(StageRules stages) {
        this.stages = stages;
    }

    /** {@code exp-<yyyyMMdd-HHmmss>} of {@code at} (UTC). */
    public static String defaultId(long at) {
        return "exp-" + ID_TIME.format(Instant.ofEpochMilli(at));
    }

    /** Every experiment, oldest first. */
    public static List<Experiment> list(RegistryView view) {
        return view.experiments().values().stream()
                .sorted(Comparator.comparingLong(Experiment::getStartedAt).thenComparing(Experiment::getExperimentId))
                .toList();
    }

    /** The experiment {@code id}; a RuleException listing the known ones when there is none. */
    public static Experiment requireKnown(RegistryView view, String id) {
        Experiment x = id == null ? null : view.experiment(id);
        if (x != null) return x;
        String known = view.experiments().isEmpty() ? "there are no experiments"
                : "known: " + view.experiments().keySet().stream().limit(10).collect(Collectors.joining(", "));
        throw new RuleException("unknown experiment '" + id + "' (" + known + "; see 'experiments list')");
    }

    // ---------------------------------------------------------------- start

    public RegistryChange start(RegistryView view, ExperimentSpec spec, String by, String reason) {
        if (!(spec.share() > 0 && spec.share() < 1)) {
            throw new RuleException("--share must be in (0, 1), exclusive: the treatment's share of users; got " + spec.share());
        }
        if (spec.metric() == null || !ExperimentSpec.METRICS.contains(spec.metric())) {
            throw new RuleException("unknown metric '" + spec.metric() + "': choose " + String.join(" or ", ExperimentSpec.METRICS));
        }
        if (spec.minSamples() < 1) throw new RuleException("--min-samples must be >= 1, got " + spec.minSamples());
        if (!(spec.minLift() >= 0 && Double.isFinite(spec.minLift()))) {
            throw new RuleException("--min-lift must be >= 0 (0.05 = 5 % better), got " + spec.minLift());
        }
        if (!(spec.alpha() > 0 && spec.alpha() < 1)) throw new RuleException("alpha must be in (0, 1), got " + spec.alpha());
        if (spec.control() != null && spec.control().equals(spec.treatment())) {
            throw new RuleException("control and treatment are the same version " + spec.control()
                    + ": an experiment compares two versions");
        }
        ModelRegistryEntry control = armEntry(view, spec.control(), "control");
        ModelRegistryEntry treatment = armEntry(view, spec.treatment(), "treatment");
        if (treatment.getStage() == ModelStage.PRODUCTION) {
            throw new RuleException("treatment " + treatment.getModelVersion() + " is PRODUCTION: the treatment is the"
                    + " challenger; use it as --control");
        }
        Optional<Experiment> running = view.runningExperiment();
        if (running.isPresent()) {
            Experiment r = running.get();
            throw new RuleException("experiment " + r.getExperimentId() + " is running (control " + r.getControlVersion()
                    + ", treatment " + r.getTreatmentVersion() + ") and every experiment splits all users: stop it first"
                    + " with 'experiments stop " + r.getExperimentId() + "'");
        }
        long at = stages.nextAt(view);
        String id = spec.id() == null || spec.id().isBlank() ? defaultId(at) : spec.id().trim();
        if (!ID.matcher(id).matches()) {
            throw new RuleException("experiment id '" + id + "' must be 1-100 letters, digits, '.', '_' or '-' (no '/'),"
                    + " starting with a letter or digit");
        }
        Experiment existing = view.experiment(id);
        if (existing != null) {
            throw new RuleException("experiment " + id + " exists already (" + existing.getStatus() + "); choose another --id");
        }
        Experiment experiment = Experiment.newBuilder()
                .setExperimentId(id)
                .setControlVersion(control.getModelVersion())
                .setTreatmentVersion(treatment.getModelVersion())
                .setTreatmentShare(spec.share())
                .setMetric(spec.metric())
                .setMinSamples(spec.minSamples())
                .setMinLift(spec.minLift())
                .setAlpha(spec.alpha())
                .setAutoPromote(spec.autoPromote())
                .setStatus(ExperimentStatus.RUNNING)
                .setStartedAt(at)
                .setEndedAt(null)
                .setStartedBy(by == null || by.isBlank() ? "unknown" : by)
                .setReason(reason == null ? "" : reason.trim())
                .setDecision(null)
                .build();
        Map<String, Double> details = new TreeMap<>(Map.of("experiment.share", spec.share(),
                "experiment.min.samples", (double) spec.minSamples(), "experiment.min.lift", spec.minLift(),
                "experiment.alpha", spec.alpha()));
        RegistryChange staging = stages.enterStaging(view, treatment.getModelVersion(), at, by,
                StageRules.join(reason, "treatment of experiment " + id + " against " + control.getModelVersion()
                        + ", share " + spec.share()), details);
        return new RegistryChange(staging.entries(), List.of(experiment), staging.removeRowsOf());
    }

    // ---------------------------------------------------------------- stop and conclude

    /** A RUNNING experiment → STOPPED, without a decision; its treatment returns to CANDIDATE. */
    public RegistryChange stop(RegistryView view, String id, String by, String reason) {
        Experiment x = requireRunning(view, id);
        long at = stages.nextAt(view);
        Experiment stopped = Experiment.newBuilder(x).setStatus(ExperimentStatus.STOPPED).setEndedAt(at)
                .setReason(reason == null || reason.isBlank() ? "stopped" : reason.trim()).build();
        RegistryChange stage = stages.leaveStaging(view, x.getTreatmentVersion(), ModelStage.CANDIDATE, at, by,
                StageRules.join(reason, "experiment " + id + " stopped without promotion"), Map.of());
        return new RegistryChange(stage.entries(), List.of(stopped), stage.removeRowsOf());
    }

    /**
     * A RUNNING experiment → CONCLUDED with {@code decision} (the lifecycle service's statistics);
     * its treatment → PRODUCTION for PROMOTE_TREATMENT (the previous production is ARCHIVED), →
     * ARCHIVED for KEEP_CONTROL (the treatment was significantly worse: use INCONCLUSIVE for "not
     * worse, not better enough"), → CANDIDATE for INCONCLUSIVE. The decision's numbers go into the
     * transition's details.
     */
    public RegistryChange conclude(RegistryView view, String id, ExperimentDecision decision, String by, String reason) {
        return conclude(view, id, decision, Map.of(), by, reason);
    }

    /**
     * {@link #conclude(RegistryView, String, ExperimentDecision, String, String)} with more numbers
     * for the treatment's transition (e.g. {@code ExperimentAnalysis.details()}), each key prefixed
     * {@code experiment.}.
     */
    public RegistryChange conclude(RegistryView view, String id, ExperimentDecision decision, Map<String, Double> more,
                                   String by, String reason) {
        Experiment x = requireRunning(view, id);
        long at = stages.nextAt(view);
        Experiment concluded = Experiment.newBuilder(x).setStatus(ExperimentStatus.CONCLUDED).setEndedAt(at)
                .setDecision(decision).setReason(reason == null || reason.isBlank()
                        ? "concluded: " + decision.getOutcome() : reason.trim()).build();
        Map<String, Double> details = new TreeMap<>();
        details.put("experiment.lift", decision.getLift());
        details.put("experiment.lift.low", decision.getLiftLow());
        details.put("experiment.lift.high", decision.getLiftHigh());
        details.put("experiment.p.value", decision.getPValue());
        details.put("experiment.sequential.p.value", decision.getSequentialPValue());
        details.put("experiment.control.trials", (double) decision.getControlTrials());
        details.put("experiment.control.successes", (double) decision.getControlSuccesses());
        details.put("experiment.treatment.trials", (double) decision.getTreatmentTrials());
        details.put("experiment.treatment.successes", (double) decision.getTreatmentSuccesses());
        more.forEach((k, v) -> details.put("experiment." + k, v));
        String why = "experiment " + id + " concluded " + decision.getOutcome();
        RegistryChange stage = switch (decision.getOutcome()) {
            case PROMOTE_TREATMENT -> stages.promoteByExperiment(view, x.getTreatmentVersion(), at, by,
                    StageRules.join(reason, why), details);
            case KEEP_CONTROL -> stages.leaveStaging(view, x.getTreatmentVersion(), ModelStage.ARCHIVED, at, by,
                    StageRules.join(reason, why + ": significantly worse"), details);
            case INCONCLUSIVE -> stages.leaveStaging(view, x.getTreatmentVersion(), ModelStage.CANDIDATE, at, by,
                    StageRules.join(reason, why), details);
        };
        return new RegistryChange(stage.entries(), List.of(concluded), stage.removeRowsOf());
    }

    /**
     * Stores a RUNNING experiment's latest INCONCLUSIVE look in its record (its always-valid p, so a
     * restarted service resumes the sequence, and 'experiments show' prints it). No stage changes.
     */
    public RegistryChange recordLook(RegistryView view, String id, ExperimentDecision look) {
        if (look.getOutcome() != ExperimentOutcome.INCONCLUSIVE) {
            throw new IllegalArgumentException("only an INCONCLUSIVE look is recorded on a running experiment; conclude"
                    + " it instead: " + look.getOutcome());
        }
        Experiment x = requireRunning(view, id);
        return new RegistryChange(List.of(), List.of(Experiment.newBuilder(x).setDecision(look).build()), java.util.Set.of());
    }

    private static Experiment requireRunning(RegistryView view, String id) {
        Experiment x = requireKnown(view, id);
        if (x.getStatus() != ExperimentStatus.RUNNING) {
            throw new RuleException("experiment " + id + " is " + x.getStatus() + " already; only a RUNNING experiment ends");
        }
        return x;
    }

    private static ModelRegistryEntry armEntry(RegistryView view, String version, String arm) {
        if (version == null || version.isBlank()) throw new RuleException("--" + arm + " VERSION is required");
        ModelRegistryEntry e = StageRules.requireKnown(view, version);
        if (e.getStage() == ModelStage.ARCHIVED) {
            throw new RuleException(arm + " " + version + " is ARCHIVED: an experiment serves both arms, so both must be"
                    + " loadable; choose a CANDIDATE, STAGING or PRODUCTION version");
        }
        return e;
    }
}
