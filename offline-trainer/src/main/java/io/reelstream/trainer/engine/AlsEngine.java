package io.reelstream.trainer.engine;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.config.TrainerConfig;
import java.util.Map;

/**
 * Who fits a run's implicit-ALS factors, named by {@code als.engine}. The trainer's own CG solver is
 * {@code local}; other engines (Spark MLlib in the spark-engine module) are found with
 * {@link java.util.ServiceLoader} by {@link AlsEngines}, so the trainer does not depend on them.
 * Whatever the engine, the run gets the same X and Y layout (rows at the fitted data's dense
 * indices), so the artifacts, evaluation, publishing and serving do not know which engine it was.
 */
public interface AlsEngine {
    /** The {@code als.engine} value that selects this engine. */
    String name();

    /**
     * Checks this engine's keys and settles the config it will fit with, before any data is read:
     * a bad setting fails here with a {@link io.reelstream.trainer.config.ConfigException} naming the
     * key and what to change; a setting the engine fills in is returned with its origin named.
     */
    TrainerConfig settle(TrainerConfig config);

    /**
     * Fits X (users × k) and Y (items × k) to the user × item swipes, as {@code ImplicitAls.fit} does,
     * with {@code config.als()}. Engines that see each iteration report it to the listener; others
     * report nothing and say so in {@link Fit#details()}.
     */
    Fit fit(Interactions userItems, TrainerConfig config, AlsListener listener);

    /** The factors and what the run's manifest records about how they were fitted (engine, version, settings). */
    record Fit(AlsModel model, Map<String, Object> details) {}
}
