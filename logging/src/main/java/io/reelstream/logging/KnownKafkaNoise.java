package io.reelstream.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Lowers one ERROR the Kafka broker logs while nothing is wrong, to DEBUG of the same logger
 * (shown with {@code -Dlog.level.kafka.server.ReplicaManager=debug}).
 *
 * <p>Under transactions v2 (KIP-890, Streams' exactly_once_v2 on Kafka 4) every transaction bumps
 * the producer epoch, so each one restarts its sequence numbers at 0. At start-up a stream thread
 * commits its first transaction and sends the next batches at once; the first produce meets the
 * coordinator still completing the previous transaction and is answered CONCURRENT_TRANSACTIONS
 * (the client retries it), while the next batch of the same partition, sequence 1, is already on
 * its way. The broker, holding no state for the new epoch yet, expects sequence 0, rejects it
 * with {@code OutOfOrderSequenceException} and logs the exception at ERROR from
 * {@code ReplicaManager}'s catch-all for append errors. The client treats the answer as
 * retriable (an earlier batch of its own is in flight), resends in order, and both batches land
 * once: nothing is lost or doubled (DemoOnceTest and the exactly-once checks hold). Only this
 * exception from that logger is lowered; every other append error stays at ERROR.
 *
 * <p>The same race shows on the client: the producer's {@code Sender} warns "Got error produce
 * response ... retrying ... Error: CONCURRENT_TRANSACTIONS" for each such batch (hundreds per
 * instance in ten minutes of the reliability suite) and retries it. That warning, with that error
 * and "retrying" in it, is lowered to DEBUG of the Sender's logger too; any other produce error
 * still warns.
 */
public final class KnownKafkaNoise extends TurboFilter {
    static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    static final String OUT_OF_ORDER_SEQUENCE = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

    static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    static final String CONCURRENT_TRANSACTIONS = "CONCURRENT_TRANSACTIONS";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.WARN && SENDER.equals(logger.getName()) && isRetriedConcurrentTransactions(format, params)) {
            if (logger.isDebugEnabled()) {
                logger.debug(format + " (a transactions v2 retry, see KnownKafkaNoise)", params);
            }
            return FilterReply.DENY;
        }
        if (level != Level.ERROR || t == null || !REPLICA_MANAGER.equals(logger.getName())
                || !OUT_OF_ORDER_SEQUENCE.equals(t.getClass().getName())) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isDebugEnabled()) logger.debug(format + " (expected under transactions v2, see KnownKafkaNoise): " + t);
        return FilterReply.DENY;
    }

    private static boolean isRetriedConcurrentTransactions(String format, Object[] params) {
        if (format == null || params == null || !format.contains("retrying")) return false;
        for (Object p : params) if (p != null && CONCURRENT_TRANSACTIONS.equals(p.toString())) return true;
        return false;
    }
}
