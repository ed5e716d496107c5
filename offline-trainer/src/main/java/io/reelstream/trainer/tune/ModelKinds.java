package io.reelstream.trainer.tune;

import io.reelstream.trainer.io.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model kinds {@code tune.model} may name. A new kind (item-to-item, a blend) registers here
 * with one line; the search, the pruner, the runs store and the report need no change, and the
 * space file gains its keys (conditioned on {@code tune.model} when kinds are searched together).
 */
public final class ModelKinds {
    private static final Map<String, ModelKind> KINDS = new LinkedHashMap<>();

    static {
        register(new AlsKind());
        register(new ItemItemKind());
        register(new BlendKind());
    }

    private ModelKinds() {}

    private static void register(ModelKind kind) {
        KINDS.put(kind.name(), kind);
    }

    /** The kind named by tune.model; unknown names fail with the list of known ones. */
    public static ModelKind get(String name) {
        ModelKind kind = KINDS.get(name);
        if (kind == null) {
            throw new BadInputException("tune.model = '" + name + "' is not a model kind the tuner knows: use one of "
                    + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }

    public static List<ModelKind> all() {
        return List.copyOf(KINDS.values());
    }
}
