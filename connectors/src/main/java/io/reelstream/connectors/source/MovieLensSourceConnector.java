package io.reelstream.connectors.source;

import io.reelstream.connectors.Version;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect source that replays a MovieLens ratings file as swipes on {@code swipes}, in
 * timestamp order, optionally one PROTOCOL slice, at an event-time speed-up or a rate limit.
 *
 * <p>One task: a replay in global timestamp order is one sequence. Configure the connector with
 * ByteArrayConverter for key and value (see {@link SwipeRecords}). Exactly-once: supported — the
 * task's offsets are a pure position in a deterministic order, so with the worker's
 * {@code exactly.once.source.support=enabled} each swipe lands once across restarts.
 */
public class MovieLensSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(MovieLensSourceConnector.class);
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        // Parse now so a bad config fails the connector at once, not later in the task.
        new MovieLensSourceConfig(props);
        this.props = new HashMap<>(props);
        warnUnlessByteArray(props, "key.converter");
        warnUnlessByteArray(props, "value.converter");
    }

    static void warnUnlessByteArray(Map<String, String> props, String converterKey) {
        String converter = props.get(converterKey);
        if (converter != null && !converter.equals(BYTE_ARRAY_CONVERTER)) {
            log.warn("{}={} re-encodes the Avro bytes this connector emits; set {}={} so the topology can read them",
                    converterKey, converter, converterKey, BYTE_ARRAY_CONVERTER);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MovieLensSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(Map.copyOf(props));
    }

    @Override
    public void stop() {
        // nothing held: the task owns the file
    }

    @Override
    public ConfigDef config() {
        return MovieLensSourceConfig.CONFIG_DEF;
    }

    /**
     * Besides the ConfigDef validators, checks on this worker that {@code file} is a readable file, so
     * {@code PUT /connector-plugins/.../config/validate} and connector creation point at the key.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        for (ConfigValue value : result.configValues()) {
            if (!value.name().equals(MovieLensSourceConfig.FILE_CONFIG) || !value.errorMessages().isEmpty()) continue;
            String file = connectorConfigs.get(MovieLensSourceConfig.FILE_CONFIG);
            if (file != null && !Files.isReadable(Path.of(file))) {
                value.addErrorMessage("no readable file at " + Path.of(file).toAbsolutePath()
                        + " on this worker; point 'file' at a ratings.csv, ratings.dat or u.data the worker can read");
            }
        }
        return result;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
