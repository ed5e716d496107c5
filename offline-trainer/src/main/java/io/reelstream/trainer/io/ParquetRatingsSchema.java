package io.reelstream.trainer.io;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The four ratings columns of a Parquet file, found by name at the top level and checked against the
 * physical types the loader reads: userId and movieId INT32/INT64, rating FLOAT/DOUBLE, timestamp
 * INT64/INT32 seconds or an INT64 TIMESTAMP(MILLIS|MICROS|NANOS), converted to seconds
 * (floor division, as Unix seconds are for times before 1970). Optional columns are allowed: a null
 * is a bad row, not a bad file.
 */
record ParquetRatingsSchema(ColumnDescriptor user, ColumnDescriptor movie, ColumnDescriptor rating,
                            ColumnDescriptor timestamp, long timestampUnitsPerSecond) {
    static final String EXPECTED = "expected columns userId (INT32/INT64), movieId (INT32/INT64), rating (FLOAT/DOUBLE)"
            + " and timestamp (INT64/INT32 seconds or a TIMESTAMP logical type)";

    static ParquetRatingsSchema of(String file, MessageType schema) {
        ColumnDescriptor user = column(file, schema, "userId", PrimitiveTypeName.INT32, PrimitiveTypeName.INT64);
        ColumnDescriptor movie = column(file, schema, "movieId", PrimitiveTypeName.INT32, PrimitiveTypeName.INT64);
        ColumnDescriptor rating = column(file, schema, "rating", PrimitiveTypeName.FLOAT, PrimitiveTypeName.DOUBLE);
        ColumnDescriptor timestamp = column(file, schema, "timestamp", PrimitiveTypeName.INT64, PrimitiveTypeName.INT32);
        return new ParquetRatingsSchema(user, movie, rating, timestamp, unitsPerSecond(timestamp.getPrimitiveType()));
    }

    long readUser(ColumnReader r) { return readInteger(user, r); }
    long readMovie(ColumnReader r) { return readInteger(movie, r); }

    double readRating(ColumnReader r) {
        return rating.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT ? r.getFloat() : r.getDouble();
    }

    long readTimestampSeconds(ColumnReader r) {
        return Math.floorDiv(readInteger(timestamp, r), timestampUnitsPerSecond);
    }

    private static long readInteger(ColumnDescriptor column, ColumnReader r) {
        return column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32 ? r.getInteger() : r.getLong();
    }

    private static ColumnDescriptor column(String file, MessageType schema, String name, PrimitiveTypeName... accepted) {
        if (!schema.containsField(name)) {
            throw new BadInputException(file + ": missing column '" + name + "' (found " + topLevelColumns(schema) + "); "
                    + EXPECTED);
        }
        Type type = schema.getType(name);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            throw new BadInputException(file + ": column '" + name + "' is " + type + ", not a single value per row; " + EXPECTED);
        }
        PrimitiveTypeName physical = type.asPrimitiveType().getPrimitiveTypeName();
        if (!List.of(accepted).contains(physical)) {
            throw new BadInputException(file + ": column '" + name + "' has type " + physical + ", expected one of "
                    + List.of(accepted) + "; " + EXPECTED);
        }
        return schema.getColumnDescription(new String[] {name});
    }

    /** 1 for plain seconds; 10^3, 10^6, 10^9 for TIMESTAMP(MILLIS, MICROS, NANOS). */
    private static long unitsPerSecond(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (!(logical instanceof TimestampLogicalTypeAnnotation ts)) return 1;
        return switch (ts.getUnit()) {
            case MILLIS -> 1_000L;
            case MICROS -> 1_000_000L;
            case NANOS -> 1_000_000_000L;
        };
    }

    private static String topLevelColumns(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", ", "[", "]"));
    }
}
