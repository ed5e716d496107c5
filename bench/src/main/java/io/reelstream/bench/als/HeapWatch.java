package io.reelstream.bench.als;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap (sum of the heap pools' peaks since start) and GC counts/time, from the JMX beans. */
final class HeapWatch {
    private final long gcCount0;
    private final long gcMillis0;

    private HeapWatch(long gcCount0, long gcMillis0) {
        this.gcCount0 = gcCount0;
        this.gcMillis0 = gcMillis0;
    }

    static HeapWatch start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
        return new HeapWatch(gcCount(), gcMillis());
    }

    String report() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return String.format("peak heap %.0f MB (sum of pool peaks), heap now %.0f MB, GC %d collections / %.1f s",
                peak / 1e6, used / 1e6, gcCount() - gcCount0, (gcMillis() - gcMillis0) / 1e3);
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
