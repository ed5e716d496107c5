package io.reelstream.topology.process;

import io.reelstream.topology.model.ModelLoader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one global store (item-embeddings, item-neighbours, model-registry or experiments) a
 * byte-for-byte mirror of its topic — so a restore, which bypasses processors, yields the same
 * store — and tells the {@link ModelLoader} what changed; the loader decides what serves.
 */
final class ModelTopicProcessor implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final ModelLoader.StoreKind kind;
    private final ModelLoader loader;
    private KeyValueStore<String, byte[]> store;

    ModelTopicProcessor(String storeName, ModelLoader.StoreKind kind, ModelLoader loader) {
        this.storeName = storeName;
        this.kind = kind;
        this.loader = loader;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        loader.attach(kind, store); // the store holds what was restored from the topic already
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) return;
        boolean deleted = record.value() == null;
        if (deleted) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        loader.onRecord(kind, record.key(), deleted);
    }
}
