package io.reelstream.topology.rest;

import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.OnlineMetrics;

/** OnlineMetrics records as REST beans, with the rates computed (null where a denominator is 0). */
final class OnlineBeans {
    private OnlineBeans() {}

    static JsonBeans.OnlineScope scope(OnlineMetrics m) {
        return new JsonBeans.OnlineScope(m.getScope(), m.getModelVersion(), m.getExperimentId(), m.getArm(),
                counts(m.getCumulative()), m.getWindowStart(), m.getWindowMs(), counts(m.getWindow()), m.getUpdatedAt());
    }

    static JsonBeans.Counts counts(ArmCounts c) {
        return new JsonBeans.Counts(c.getUsers(), c.getSwipes(), c.getPositives(), c.getShownSwipes(), c.getHits(),
                ratio(c.getHits(), c.getPositives()), ratio(c.getHits(), c.getShownSwipes()),
                ratio(c.getSwipes(), c.getUsers()));
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : num / (double) den;
    }
}
