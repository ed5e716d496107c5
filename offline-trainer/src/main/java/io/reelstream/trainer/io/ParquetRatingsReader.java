package io.reelstream.trainer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Streams a Parquet ratings file into a {@link RatingsTable} one row group at a time, reading the four
 * columns side by side with parquet-column's column readers: no object per row is built (no Group,
 * no record). Row numbers (1-based over the whole file) take the place of line numbers in issues and
 * in {@link RatingsTable#line}. Column names and types are checked against the footer before any row
 * is read ({@link ParquetRatingsSchema}).
 */
final class ParquetRatingsReader {
    /**
     * Codecs whose decompressors are on the trainer's classpath (snappy-java and zstd-jni come with kafka-clients,
     * gzip is the JDK's); others (LZO, LZ4, BROTLI) fail before the first row.
     */
    static final List<CompressionCodecName> READABLE_CODECS = List.of(CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD);

    private final IssueLog issues;

    ParquetRatingsReader(IssueLog issues) {
        this.issues = issues;
    }

    /** Reads the whole file; returns its SHA-256 (a second pass over the bytes: the footer is read first). */
    String read(Path file, RatingsTable out, LoadProgress progress) throws IOException {
        String name = file.getFileName().toString();
        try (ParquetFileReader reader = open(file, name)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            ParquetRatingsSchema columns = ParquetRatingsSchema.of(name, schema);
            checkCodecs(name, reader.getFooter().getBlocks());
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            long total = reader.getFooter().getBlocks().stream().mapToLong(BlockMetaData::getCompressedSize).sum();
            long done = 0;
            long row = 0;
            progress.onProgress(name, 0, total);
            PageReadStore rowGroup;
            for (int group = 0; (rowGroup = reader.readNextRowGroup()) != null; group++) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup, NoOpConverter.root(schema), schema, createdBy);
                RowGroupColumns cols = new RowGroupColumns(
                        store.getColumnReader(columns.user()), store.getColumnReader(columns.movie()),
                        store.getColumnReader(columns.rating()), store.getColumnReader(columns.timestamp()));
                for (long i = 0; i < rowGroup.getRowCount(); i++) {
                    row++;
                    readRow(name, row, columns, cols, out);
                }
                done += reader.getFooter().getBlocks().get(group).getCompressedSize();
                progress.onProgress(name, done, total);
            }
        }
        try (TrackedInput in = new TrackedInput(file, LoadProgress.NONE)) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.sha256();
        }
    }

    private static ParquetFileReader open(Path file, String name) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try {
            return ParquetFileReader.open(new NamedInputFile(file), options);
        } catch (RuntimeException e) {
            // parquet-java throws RuntimeException("... is not a Parquet file ...") for a bad magic number or footer
            throw new BadInputException(name + ": cannot read the Parquet footer (" + e.getMessage()
                    + "); is it a Parquet file?", e);
        }
    }

    private static void checkCodecs(String name, List<BlockMetaData> blocks) {
        for (BlockMetaData block : blocks) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                if (!READABLE_CODECS.contains(chunk.getCodec())) {
                    throw new BadInputException(name + ": column " + chunk.getPath().toDotString() + " is compressed with "
                            + chunk.getCodec() + ", which the trainer does not read; rewrite the file with one of "
                            + READABLE_CODECS + " (e.g. pyarrow write_table(..., compression='snappy'))");
                }
            }
        }
    }

    /** Reads one value from each column (all four always advance), then validates like a ratings.csv line. */
    private void readRow(String name, long row, ParquetRatingsSchema columns, RowGroupColumns cols, RatingsTable out) {
        boolean userNull = cols.user.getCurrentDefinitionLevel() < columns.user().getMaxDefinitionLevel();
        boolean movieNull = cols.movie.getCurrentDefinitionLevel() < columns.movie().getMaxDefinitionLevel();
        boolean ratingNull = cols.rating.getCurrentDefinitionLevel() < columns.rating().getMaxDefinitionLevel();
        boolean timeNull = cols.timestamp.getCurrentDefinitionLevel() < columns.timestamp().getMaxDefinitionLevel();
        long user = userNull ? 0 : columns.readUser(cols.user);
        long movie = movieNull ? 0 : columns.readMovie(cols.movie);
        double rating = ratingNull ? 0 : columns.readRating(cols.rating);
        long timestamp = timeNull ? 0 : columns.readTimestampSeconds(cols.timestamp);
        cols.consumeAll();
        String nullColumn = userNull ? "userId" : movieNull ? "movieId" : ratingNull ? "rating" : timeNull ? "timestamp" : null;
        if (nullColumn != null) {
            issues.reportRow(name, row, LineIssue.NULL_VALUE, nullColumn + " is null");
            return;
        }
        if (user < 0 || movie < 0 || user > Integer.MAX_VALUE || movie > Integer.MAX_VALUE) {
            issues.reportRow(name, row, LineIssue.MALFORMED, "id outside [0, " + Integer.MAX_VALUE + "] (userId " + user
                    + ", movieId " + movie + ")");
            return;
        }
        if (!(rating >= RatingsFileReader.MIN_RATING && rating <= RatingsFileReader.MAX_RATING)) {
            issues.reportRow(name, row, LineIssue.OUT_OF_RANGE, "rating " + rating + " is outside ["
                    + RatingsFileReader.MIN_RATING + ", " + RatingsFileReader.MAX_RATING + "]");
            return;
        }
        out.add((int) user, (int) movie, (float) rating, timestamp, row);
    }

    /** A LocalInputFile that parquet-java's messages print as its path, not as LocalInputFile@1a2b3c. */
    private static final class NamedInputFile extends LocalInputFile {
        private final Path path;

        NamedInputFile(Path path) {
            super(path);
            this.path = path;
        }

        @Override
        public String toString() { return path.toString(); }
    }

    /** The four column readers of one row group. */
    private record RowGroupColumns(ColumnReader user, ColumnReader movie, ColumnReader rating, ColumnReader timestamp) {
        void consumeAll() {
            user.consume();
            movie.consume();
            rating.consume();
            timestamp.consume();
        }
    }
}
