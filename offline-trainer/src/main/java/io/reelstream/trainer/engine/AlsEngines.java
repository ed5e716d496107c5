package io.reelstream.trainer.engine;

import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the engine {@code als.engine} names: {@code local} always, others through
 * {@link ServiceLoader} (a module on the classpath lists its class in
 * {@code META-INF/services/io.reelstream.trainer.engine.AlsEngine}).
 */
public final class AlsEngines {
    /** The engine of the spark-engine module, and where its launcher is. */
    static final String SPARK = "spark";

    private AlsEngines() {}

    /** The engine named by the config's als.engine; a ConfigException says how to get a missing one. */
    public static AlsEngine of(TrainerConfig config) {
        String name = config.alsEngine();
        if (name.equals(LocalAlsEngine.NAME)) return new LocalAlsEngine();
        List<String> found = new ArrayList<>(List.of(LocalAlsEngine.NAME));
        for (AlsEngine engine : ServiceLoader.load(AlsEngine.class, AlsEngines.class.getClassLoader())) {
            if (engine.name().equals(name)) return engine;
            found.add(engine.name());
        }
        String how = name.equals(SPARK)
                ? "; the Spark engine lives in the spark-engine module: run bin/train-spark (it builds spark-engine and puts"
                + " Spark on the classpath) or spark-submit spark-engine/target/reelstream-spark.jar"
                : "";
        throw new ConfigException(TrainerConfig.ALS_ENGINE_CONFIG + " = '" + name + "' (from "
                + config.origin(TrainerConfig.ALS_ENGINE_CONFIG) + ") is not on this classpath; engines here: "
                + String.join(", ", found) + how);
    }

    /** The config the named engine will fit with (its {@link AlsEngine#settle}); local leaves it as it is. */
    public static TrainerConfig settle(TrainerConfig config) {
        return of(config).settle(config);
    }
}
