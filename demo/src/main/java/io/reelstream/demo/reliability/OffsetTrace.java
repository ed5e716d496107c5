package io.reelstream.demo.reliability;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the broker says about the killed instance's partitions each second while they recover: the
 * group's committed input offset against the input's end (is anyone processing?) and the lists'
 * high watermark against their last stable offset (are lists written but held back by an open
 * transaction?). Printed beside a recovery that missed its limit, to say which of the two it was.
 */
final class OffsetTrace implements AutoCloseable {
    private final Admin admin;
    private final String groupId;
    private final String inputTopic;
    private final String outputTopic;
    private final Set<Integer> partitions;
    private final long startNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    OffsetTrace(Admin admin, String groupId, String inputTopic, String outputTopic, Set<Integer> partitions) {
        this.admin = admin;
        this.groupId = groupId;
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
        this.partitions = partitions;
        this.thread = new Thread(this::run, "reliability-offset-trace");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            try {
                sample();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (lines) {
                    lines.add("sample failed: " + e);
                }
            }
        }
    }

    private void sample() throws Exception {
        Map<TopicPartition, OffsetSpec> in = new HashMap<>();
        Map<TopicPartition, OffsetSpec> out = new HashMap<>();
        for (int p : partitions) {
            in.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
            out.put(new TopicPartition(outputTopic, p), OffsetSpec.latest());
        }
        var inputEnd = admin.listOffsets(in).all().get(5, TimeUnit.SECONDS);
        var high = admin.listOffsets(out, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(5, TimeUnit.SECONDS);
        var stable = admin.listOffsets(out, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "+%.0f s", (System.nanoTime() - startNanos) / 1e9));
        for (int p : partitions) {
            TopicPartition ip = new TopicPartition(inputTopic, p);
            TopicPartition op = new TopicPartition(outputTopic, p);
            OffsetAndMetadata c = committed.get(ip);
            sb.append(String.format(Locale.ROOT, " | p%d input lag %d, lists unstable %d", p,
                    inputEnd.get(ip).offset() - (c == null ? 0 : c.offset()),
                    high.get(op).offset() - stable.get(op).offset()));
        }
        synchronized (lines) {
            lines.add(sb.toString());
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(5000);
    }
}
