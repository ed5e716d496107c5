package io.reelstream.topology.online;

import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.topology.model.Serving;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregator's state for one scope: the newest cumulative counts of every swipe partition, their
 * sum, and the window: counts of the current window = total − the total when the window began.
 * Windows are tumbling, {@code windowMs} long, aligned to the epoch, and begin at the first update
 * after the boundary (so a window's edges are as sharp as the partials' flush interval, ≤ 1 s).
 * <pre>
 *   string modelVersion | long windowStart | tally windowBase | int n | n × (int partition, tally)
 * </pre>
 */
public final class ScopeTotals {
    private String modelVersion;
    private long windowStart;
    private ArmTally windowBase = new ArmTally();
    private final Map<Integer, ArmTally> byPartition = new TreeMap<>();

    /** Applies one partial and rolls the window if {@code nowMs} is past its end; returns the metrics to publish. */
    public OnlineMetrics update(String scope, ScopeCounts partial, long nowMs, long windowMs) {
        ArmTally before = total();
        long start = nowMs - Math.floorMod(nowMs, windowMs);
        if (start != windowStart) {
            windowBase = before;
            windowStart = start;
        }
        byPartition.put(partial.partition(), partial.tally().copy());
        modelVersion = partial.modelVersion();
        return metrics(scope, nowMs, windowMs);
    }

    public OnlineMetrics metrics(String scope, long nowMs, long windowMs) {
        ArmTally total = total();
        String experiment = null;
        String arm = null;
        if (scope.startsWith(Serving.EXPERIMENT_SCOPE_PREFIX) && scope.lastIndexOf('/') > Serving.EXPERIMENT_SCOPE_PREFIX.length()) {
            int cut = scope.lastIndexOf('/');
            experiment = scope.substring(Serving.EXPERIMENT_SCOPE_PREFIX.length(), cut);
            arm = scope.substring(cut + 1);
        }
        return OnlineMetrics.newBuilder().setScope(scope).setModelVersion(modelVersion == null ? "" : modelVersion)
                .setExperimentId(experiment).setArm(arm).setCumulative(total.toAvro()).setWindowStart(windowStart)
                .setWindowMs(windowMs).setWindow(total.minus(windowBase).toAvro()).setUpdatedAt(nowMs).build();
    }

    public ArmTally total() {
        ArmTally t = new ArmTally();
        for (ArmTally p : byPartition.values()) t.add(p);
        return t;
    }

    public byte[] encode() {
        byte[] v = (modelVersion == null ? "" : modelVersion).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + v.length + 8 + ArmTally.BYTES + 4 + byPartition.size() * (4 + ArmTally.BYTES));
        b.putInt(v.length).put(v).putLong(windowStart);
        windowBase.write(b);
        b.putInt(byPartition.size());
        byPartition.forEach((p, t) -> {
            b.putInt(p);
            t.write(b);
        });
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a ScopeTotals */
    public static ScopeTotals decode(byte[] bytes) {
        try {
            ScopeTotals s = new ScopeTotals();
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] v = new byte[b.getInt()];
            b.get(v);
            s.modelVersion = new String(v, StandardCharsets.UTF_8);
            s.windowStart = b.getLong();
            s.windowBase = ArmTally.read(b);
            int n = b.getInt();
            for (int i = 0; i < n; i++) s.byPartition.put(b.getInt(), ArmTally.read(b));
            return s;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a ScopeTotals value (" + bytes.length + " bytes): " + e, e);
        }
    }
}
