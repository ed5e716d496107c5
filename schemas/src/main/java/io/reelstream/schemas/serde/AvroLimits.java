package io.reelstream.schemas.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what an Avro body may declare before Avro allocates it. Avro reads a string's length and
 * allocates that many bytes before it reads them, so a value of a dozen bytes declaring a 1 GB string
 * threw OutOfMemoryError in the stream thread: the thread was replaced, read the same record again,
 * and died again, for good (bin/reliability's fuzz found it). Avro's own limits
 * ({@code org.apache.avro.limits.*}, read once, when Avro first checks one) turn such a length into a
 * {@link SystemLimitException}, i.e. a dead letter. No record of ours comes near them: a Kafka record
 * is 1 MB by default. Avro reads the properties when its limit class first loads, which any Avro string
 * (a record built, a schema parsed) may trigger before our first serde: so after setting them this
 * asks Avro to read them again.
 */
final class AvroLimits {
    /** Longest string or bytes field: 8 MiB. */
    static final int MAX_LENGTH = 8 << 20;
    /** Most items in an array or map: 1 Mi (a user's history, a model row's neighbours). */
    static final int MAX_ITEMS = 1 << 20;
    static final String STRING = "org.apache.avro.limits.string.maxLength";
    static final String BYTES = "org.apache.avro.limits.bytes.maxLength";
    static final String ITEMS = "org.apache.avro.limits.collectionItems.maxLength";
    private static final Logger log = LoggerFactory.getLogger(AvroLimits.class);
    private static volatile boolean applied;

    private AvroLimits() {}

    /** Sets the limits unless the JVM was started with them, and makes Avro read them. */
    static void apply() {
        if (applied) return;
        synchronized (AvroLimits.class) {
            if (applied) return;
            setIfAbsent(STRING, MAX_LENGTH);
            setIfAbsent(BYTES, MAX_LENGTH);
            setIfAbsent(ITEMS, MAX_ITEMS);
            if (!stringLimitActive()) reread();
            if (!stringLimitActive()) {
                log.warn("Avro's decoding limits are not in force: a record declaring a huge string can exhaust the heap."
                        + " Start the JVM with -D{}={} -D{}={} -D{}={}", STRING, MAX_LENGTH, BYTES, MAX_LENGTH, ITEMS, MAX_ITEMS);
            }
            applied = true;
        }
    }

    /** SystemLimitException.resetLimits(): package-private in Avro 1.11.4+, reached by reflection. */
    private static void reread() {
        try {
            java.lang.reflect.Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot make Avro re-read its limits: {}", e.toString());
        }
    }

    /** True when Avro refuses a string longer than the configured limit. */
    static boolean stringLimitActive() {
        try {
            SystemLimitException.checkMaxStringLength(Long.parseLong(System.getProperty(STRING)) + 1);
            return false;
        } catch (SystemLimitException | NumberFormatException refused) {
            return true;
        }
    }

    private static void setIfAbsent(String key, int value) {
        if (System.getProperty(key) == null) System.setProperty(key, Integer.toString(value));
    }
}
