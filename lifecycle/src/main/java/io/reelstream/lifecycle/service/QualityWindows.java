package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.Metric;
import io.reelstream.lifecycle.trigger.QualityWindow;
import io.reelstream.schemas.OnlineMetrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Production's closed quality windows, from the {@code version/<v>} records of online-metrics. A
 * record carries the counts of the window it belongs to ({@code windowStart}) as of its update, so
 * the last record seen of a window holds that window's counts (to within the topology's ~1 s
 * flush); a record of a later window closes it. Pure: fed records, asked for windows. O(1) per
 * record; at most {@link #MAX_WINDOWS} closed windows kept per version.
 *
 * <p>The topic is compacted to one record per scope, so after a restart the history starts again
 * from the current window: the quality-drop rule then needs its windows anew.
 */
public final class QualityWindows {
    /** The scope prefix of users served outside experiments. */
    public static final String VERSION_SCOPE_PREFIX = "version/";
    static final int MAX_WINDOWS = 1000;

    private final Metric metric;
    private final Map<String, State> byVersion = new HashMap<>();

    private static final class State {
        long windowStart = Long.MIN_VALUE;
        QualityWindow current;
        final Deque<QualityWindow> closed = new ArrayDeque<>();
    }

    public QualityWindows(Metric metric) {
        this.metric = metric;
    }

    /** The version of a {@code version/<v>} scope, or null for any other scope. */
    public static String versionOf(String scope) {
        return scope != null && scope.startsWith(VERSION_SCOPE_PREFIX) && scope.length() > VERSION_SCOPE_PREFIX.length()
                ? scope.substring(VERSION_SCOPE_PREFIX.length()) : null;
    }

    /** Takes one online-metrics record; records of other scopes, and of windows already closed, are ignored. */
    public void add(String scope, OnlineMetrics m) {
        String version = versionOf(scope);
        if (version == null || m == null) return;
        State s = byVersion.computeIfAbsent(version, v -> new State());
        if (m.getWindowStart() < s.windowStart) return;
        if (m.getWindowStart() > s.windowStart && s.current != null) {
            s.closed.addLast(s.current);
            if (s.closed.size() > MAX_WINDOWS) s.closed.removeFirst();
        }
        s.windowStart = m.getWindowStart();
        s.current = QualityWindow.of(m, metric);
    }

    /** The closed windows of {@code version}, oldest first. */
    public List<QualityWindow> closed(String version) {
        State s = version == null ? null : byVersion.get(version);
        return s == null ? List.of() : List.copyOf(s.closed);
    }
}
