package io.reelstream.trainer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes small Parquet files for tests with parquet-hadoop's example Group writer (the same library
 * the loader reads with). Values are given per row as Objects so a test can put a null or a wrong type
 * anywhere; a column whose schema is optional may be null.
 */
final class ParquetRatingsFile implements AutoCloseable {
    /** The usual MovieLens shape: INT32 ids, DOUBLE rating, INT64 Unix seconds. */
    static final String ML_SCHEMA = "message ratings { required int32 userId; required int32 movieId;"
            + " required double rating; required int64 timestamp; }";

    private final MessageType schema;
    private final SimpleGroupFactory groups;
    private final ParquetWriter<Group> writer;

    private ParquetRatingsFile(Path file, String schemaText, CompressionCodecName codec, int rowGroupBytes) throws IOException {
        Files.deleteIfExists(file);
        this.schema = MessageTypeParser.parseMessageType(schemaText);
        this.groups = new SimpleGroupFactory(schema);
        this.writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(codec)
                .withRowGroupSize((long) rowGroupBytes)
                .withPageSize(Math.min(rowGroupBytes, 1 << 20))
                .build();
    }

    static ParquetRatingsFile create(Path file, String schemaText) throws IOException {
        return new ParquetRatingsFile(file, schemaText, CompressionCodecName.UNCOMPRESSED, 1 << 20);
    }

    /** Small row groups (bytes) force the reader across several of them. */
    static ParquetRatingsFile create(Path file, String schemaText, CompressionCodecName codec, int rowGroupBytes)
            throws IOException {
        return new ParquetRatingsFile(file, schemaText, codec, rowGroupBytes);
    }

    /** One row: values in schema order, null for a missing optional value. */
    ParquetRatingsFile row(Object... values) throws IOException {
        Group g = groups.newGroup();
        for (int i = 0; i < values.length; i++) {
            String name = schema.getFieldName(i);
            Object v = values[i];
            if (v == null) continue;
            if (v instanceof Integer x) g.add(name, x);
            else if (v instanceof Long x) g.add(name, x);
            else if (v instanceof Float x) g.add(name, x);
            else if (v instanceof Double x) g.add(name, x);
            else g.add(name, v.toString());
        }
        writer.write(g);
        return this;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
