package io.reelstream.trainer.engine;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.config.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code als.engine=local}: core's {@link ImplicitAls} in this JVM, on {@code threads} threads. */
public final class LocalAlsEngine implements AlsEngine {
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainerConfig settle(TrainerConfig config) {
        return config;
    }

    @Override
    public Fit fit(Interactions userItems, TrainerConfig config, AlsListener listener) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", NAME);
        details.put("solver", config.als().cgSteps() > 0 ? "conjugate gradient, " + config.als().cgSteps() + " steps per row"
                : "Cholesky");
        details.put("threads", config.als().threads());
        return new Fit(ImplicitAls.fit(userItems, config.als(), listener), details);
    }
}
