package io.reelstream.topology.process;

import io.reelstream.topology.model.ModelLoader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the item-embeddings global store a byte-for-byte mirror of the topic (so a restore, which
 * bypasses this processor, yields the same store) and asks the {@link ModelLoader} to switch
 * versions when the marker arrives — or, while a marked version is incomplete, when more rows come.
 */
final class ItemEmbeddingsProcessor implements Processor<Integer, byte[], Void, Void> {
    private final String storeName;
    private final ModelLoader loader;
    private KeyValueStore<Integer, byte[]> store;

    ItemEmbeddingsProcessor(String storeName, ModelLoader loader) {
        this.storeName = storeName;
        this.loader = loader;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        loader.refresh(store); // the store may hold a restored model already
    }

    @Override
    public void process(Record<Integer, byte[]> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        loader.onRecord(store, record.key());
    }
}
