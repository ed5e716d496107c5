package io.reelstream.topology.model;

import io.reelstream.core.experiment.ArmAssignment;

import java.util.List;
import java.util.Map;

/**
 * What an instance serves right now, immutable: the production snapshot, the running experiment's
 * arm snapshots, and every loaded snapshot by version. A swipe or a request takes one Serving and
 * one {@link Assignment} from it, so a list is always scored against exactly one version.
 */
public record Serving(ModelSnapshot production, String experimentId, ModelSnapshot control, ModelSnapshot treatment,
                      double treatmentShare, Map<String, ModelSnapshot> loaded, List<String> notes) {
    public static final Serving EMPTY = new Serving(null, null, null, null, 0, Map.of(), List.of());
    /** Scope prefix of online metrics for users outside experiments (OnlineMetrics.scope). */
    public static final String VERSION_SCOPE_PREFIX = "version/";
    /** Scope prefix of an experiment arm's online metrics: exp/&lt;id&gt;/&lt;arm&gt;. */
    public static final String EXPERIMENT_SCOPE_PREFIX = "exp/";

    /** Which version serves a user, and under which experiment arm and metrics scope. */
    public record Assignment(ModelSnapshot model, String experimentId, String arm, String scope) {
        public boolean inExperiment() {
            return experimentId != null;
        }
    }

    public boolean hasExperiment() {
        return experimentId != null;
    }

    /** The version for this user: its experiment arm's, else production's (null when nothing serves). */
    public Assignment assign(int userId) {
        if (experimentId != null) {
            String arm = ArmAssignment.arm(userId, experimentId, treatmentShare);
            ModelSnapshot m = arm.equals(ArmAssignment.TREATMENT) ? treatment : control;
            return new Assignment(m, experimentId, arm, experimentScope(experimentId, arm));
        }
        if (production == null) return new Assignment(null, null, null, null);
        return new Assignment(production, null, null, VERSION_SCOPE_PREFIX + production.version());
    }

    /** A loaded version by name, or null. */
    public ModelSnapshot version(String version) {
        return version == null ? null : loaded.get(version);
    }

    public static String experimentScope(String experimentId, String arm) {
        return EXPERIMENT_SCOPE_PREFIX + experimentId + "/" + arm;
    }
}
