package io.reelstream.trainer.io;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;

/**
 * The converter tree a ColumnReadStoreImpl asks for. The ratings reader pulls values straight from the
 * column readers (getInteger, getFloat...), so nothing is ever pushed into these converters; they only
 * have to match the schema's shape.
 */
final class NoOpConverter extends GroupConverter {
    private static final PrimitiveConverter PRIMITIVE = new PrimitiveConverter() { };

    private final Converter[] children;

    private NoOpConverter(GroupType type) {
        children = new Converter[type.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            children[i] = type.getType(i).isPrimitive() ? PRIMITIVE : new NoOpConverter(type.getType(i).asGroupType());
        }
    }

    static GroupConverter root(GroupType schema) {
        return new NoOpConverter(schema);
    }

    @Override
    public Converter getConverter(int fieldIndex) { return children[fieldIndex]; }

    @Override
    public void start() { }

    @Override
    public void end() { }
}
