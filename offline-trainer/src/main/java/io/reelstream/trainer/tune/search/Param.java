package io.reelstream.trainer.tune.search;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One searched parameter: the config key it sets, its domain, how many grid points a range gets,
 * and an optional condition (the parameter exists only when an earlier categorical parameter has
 * one of the given values, e.g. {@code if tune.model=als}). A key may appear more than once with
 * disjoint conditions on the same parameter (λ's range per regularization mode); {@link #id()}
 * tells such entries apart.
 *
 * @param line the 1-based line of the space file it came from (0 when built in code)
 */
public record Param(String key, Domain domain, int gridPoints, Condition condition, int line) {
    public static final int DEFAULT_GRID_POINTS = 3;

    public Param {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("a parameter needs a config key");
        if (gridPoints < 1) throw new IllegalArgumentException(key + ": grid needs at least 1 point, got " + gridPoints);
    }

    public Param(String key, Domain domain) {
        this(key, domain, DEFAULT_GRID_POINTS, null, 0);
    }

    /** The key, plus the condition when there is one: unique within a space. */
    public String id() {
        return condition == null ? key : key + " if " + condition;
    }

    /** Whether this parameter exists for the values assigned so far (parameter id → value). */
    public boolean activeFor(Map<String, Object> assigned) {
        return condition == null || condition.holds(assigned);
    }

    /**
     * "only when parameter {@code param} has one of {@code values}": param is an earlier parameter's
     * id, key its config key (what the space file names).
     */
    public record Condition(String param, String key, Set<String> values) {
        public Condition {
            values = Set.copyOf(values);
        }

        /** A condition on an unconditional parameter (its id is its key). */
        public Condition(String key, Set<String> values) {
            this(key, key, values);
        }

        public boolean holds(Map<String, Object> assigned) {
            Object v = assigned.get(param);
            return v != null && values.contains(String.valueOf(v));
        }

        @Override
        public String toString() {
            return key + "=" + String.join(",", values.stream().sorted().toList());
        }
    }

    /** The grid values of this parameter. */
    public List<Object> gridValues() {
        return domain.grid(gridPoints);
    }
}
