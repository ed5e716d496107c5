package io.reelstream.topology.recovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The names a crashed instance leaves behind in Kafka: the static members its stream threads hold
 * in the consumer group, and the transactional ids of their exactly-once producers. Every instance
 * publishes its own in {@code GET /health}, so that a peer which sees it crash can evict it
 * ({@link PeerWatch}) without waiting for the group's session or the transactions' timeout.
 *
 * <p>Both follow Kafka Streams' naming (StreamThread, 4.x): thread {@code n} of a client joins as
 * {@code <group.instance.id>-n}, and under exactly_once_v2 its producer's transactional.id is
 * {@code <application.id>-<process id>-n}, where the thread is named
 * {@code <application.id>-<process id>-StreamThread-n} as long as client.id is left unset (it is).
 * TwoInstanceIntegrationTest checks both against a real broker.
 */
public record InstanceIdentity(List<String> groupInstanceIds, List<String> transactionalIds) {
    static final String THREAD_MARKER = "-StreamThread-";
    public static final InstanceIdentity NONE = new InstanceIdentity(List.of(), List.of());

    public InstanceIdentity {
        groupInstanceIds = List.copyOf(groupInstanceIds);
        transactionalIds = List.copyOf(transactionalIds);
    }

    /**
     * From the local stream threads' names.
     *
     * @param groupInstanceId the configured static id (empty: dynamic membership, no members to name)
     * @param exactlyOnce     whether the threads' producers are transactional
     */
    public static InstanceIdentity of(Optional<String> groupInstanceId, boolean exactlyOnce,
                                      Collection<String> streamThreadNames) {
        List<String> members = new ArrayList<>();
        List<String> transactional = new ArrayList<>();
        for (String thread : streamThreadNames) {
            int at = thread.lastIndexOf(THREAD_MARKER);
            if (at < 0) continue; // not a stream thread (e.g. the global one)
            String clientId = thread.substring(0, at);
            String index = thread.substring(at + THREAD_MARKER.length());
            groupInstanceId.ifPresent(id -> members.add(id + "-" + index));
            if (exactlyOnce) transactional.add(clientId + "-" + index);
        }
        members.sort(null);
        transactional.sort(null);
        return new InstanceIdentity(members, transactional);
    }

    public boolean isEmpty() {
        return groupInstanceIds.isEmpty() && transactionalIds.isEmpty();
    }
}
