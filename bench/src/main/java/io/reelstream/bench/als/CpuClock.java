package io.reelstream.bench.als;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Process CPU time and the system load: on a shared machine wall time measures the neighbours as
 * much as the code, CPU time measures the code. Uses the com.sun.management extension where present.
 */
final class CpuClock {
    private CpuClock() {}

    /** CPU time of this JVM (all threads) in nanoseconds, or -1 where the JVM does not tell. */
    static long processNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return -1;
    }

    /** One-minute system load average, or -1 where unavailable. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
