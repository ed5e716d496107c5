package io.reelstream.demo.reliability;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Which swipes partitions the group's members hold, by static member id, read from the coordinator. */
final class GroupOwnership {
    private final Admin admin;
    private final String groupId;
    private final String topic;

    GroupOwnership(Admin admin, String groupId, String topic) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
    }

    /** Partitions of {@code topic} assigned to the stream threads of the instance with this static id. */
    Set<Integer> partitionsOf(String groupInstanceId) throws InterruptedException {
        Set<Integer> out = new TreeSet<>();
        for (MemberDescription m : describe().members()) {
            String id = m.groupInstanceId().orElse("");
            if (!id.startsWith(groupInstanceId + "-")) continue;
            m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> out.add(tp.partition()));
        }
        return out;
    }

    /** Every member's static id → its partitions of the topic; empty while the group is not stable. */
    java.util.Map<String, Set<Integer>> assignment() throws InterruptedException {
        ConsumerGroupDescription d = describe();
        java.util.Map<String, Set<Integer>> out = new java.util.TreeMap<>();
        if (d.groupState() != GroupState.STABLE) return out;
        for (MemberDescription m : d.members()) {
            Set<Integer> parts = new TreeSet<>();
            m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> parts.add(tp.partition()));
            out.put(m.groupInstanceId().orElse(m.consumerId()), parts);
        }
        return out;
    }

    /** Records of the topic not yet processed by the group: end offsets minus committed offsets. */
    long inputLag(int partitions) throws InterruptedException {
        try {
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var end = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
            var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : end.entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + groupId + ": " + e, e);
        }
    }

    /** True when the group is stable with exactly {@code members} stream threads. */
    boolean stableWith(int members) throws InterruptedException {
        ConsumerGroupDescription d = describe();
        return d.groupState() == GroupState.STABLE && d.members().size() == members;
    }

    private ConsumerGroupDescription describe() throws InterruptedException {
        try {
            return admin.describeConsumerGroups(Set.of(groupId)).describedGroups().get(groupId).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + groupId + ": " + e, e);
        }
    }
}
