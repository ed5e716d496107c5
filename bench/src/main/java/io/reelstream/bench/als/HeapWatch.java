package io.reelstream.bench.als;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap (sum of the heap pools' peaks since start), the largest heap left after any GC (the
 * live set: what the work really held at its peak, a lower bound of the -Xmx it needs) and GC
 * counts/time, from the JMX beans and GC notifications.
 */
final class HeapWatch {
    private final long gcCount0;
    private final long gcMillis0;
    private final AtomicLong peakLive = new AtomicLong();

    private HeapWatch(long gcCount0, long gcMillis0) {
        this.gcCount0 = gcCount0;
        this.gcMillis0 = gcMillis0;
    }

    static HeapWatch start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
        HeapWatch watch = new HeapWatch(gcCount(), gcMillis());
        watch.listenForCollections();
        return watch;
    }

    String report() {
        long used = usedNow();
        return String.format("peak heap %.0f MB (sum of pool peaks), heap now %.0f MB, GC %d collections / %.1f s",
                peakUsedBytes() / 1e6, used / 1e6, gcCount() - gcCount0, (gcMillis() - gcMillis0) / 1e3);
    }

    /** Sum of the heap pools' peak usage since {@link #start()}: an upper bound (pools peak at different times). */
    long peakUsedBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    /** The largest heap in use right after a GC since {@link #start()}: the peak live set the collector saw. */
    long peakLiveBytes() {
        return peakLive.get();
    }

    /** Heap in use now (live and garbage). */
    static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records the heap pools' total after every collection (com.sun.management notifications; skipped elsewhere). */
    private void listenForCollections() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long after = 0;
                for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    MemoryUsage u = e.getValue();
                    if (heapPools.contains(e.getKey())) after += u.getUsed();
                }
                long a = after;
                peakLive.accumulateAndGet(a, Math::max);
            }, null, null);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionTime());
        return n;
    }
}
