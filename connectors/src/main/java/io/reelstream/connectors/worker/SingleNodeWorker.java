package io.reelstream.connectors.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of a one-node distributed Connect worker running beside an embedded broker:
 * internal topics with replication 1, byte-array converters (the connectors hand over Avro bytes
 * themselves), connectors found on the JVM's classpath through META-INF/services, exactly-once
 * source support on. The demo's replay and the connector tests start their workers from it.
 */
public final class SingleNodeWorker {
    /** The converter of every topic the connectors read or write: bytes in, bytes out. */
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private SingleNodeWorker() {}

    /** Worker properties for {@code ConnectDistributed.startConnect}; a mutable map the caller may extend. */
    public static Map<String, String> config(String bootstrapServers, String groupId) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("config.storage.topic", groupId + "-configs");
        p.put("offset.storage.topic", groupId + "-offsets");
        p.put("status.storage.topic", groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "1");
        p.put("status.storage.partitions", "1");
        p.put("key.converter", BYTE_ARRAY_CONVERTER);
        p.put("value.converter", BYTE_ARRAY_CONVERTER);
        p.put("listeners", "http://localhost:0"); // REST API on a free port
        p.put("plugin.discovery", "service_load");
        // each batch of records and its source offsets commit in one transaction
        p.put("exactly.once.source.support", "enabled");
        p.put("offset.flush.interval.ms", "500");
        p.put("task.shutdown.graceful.timeout.ms", "5000");
        return p;
    }
}
