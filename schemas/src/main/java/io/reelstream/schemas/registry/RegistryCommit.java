package io.reelstream.schemas.registry;

import io.reelstream.schemas.StageTransition;

import java.util.List;
import java.util.Map;

/**
 * A committed registry change.
 *
 * @param before      the registry the change was computed from (read after fencing every other writer)
 * @param write       what was written
 * @param audit       the transitions written to the audit topic, in order
 * @param rowsRemoved per retired version, the keys tombstoned on item-embeddings and item-neighbours
 * @param attempts    1, or more when an attempt was fenced by another writer or conflicted
 */
public record RegistryCommit(RegistryState before, RegistryWrite write, List<StageTransition> audit,
                             Map<String, Integer> rowsRemoved, int attempts) {
    public RegistryCommit {
        audit = List.copyOf(audit);
        rowsRemoved = Map.copyOf(rowsRemoved);
    }
}
