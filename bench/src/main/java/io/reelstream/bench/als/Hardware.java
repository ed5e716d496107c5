package io.reelstream.bench.als;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One line naming the machine a figure was measured on: cores, CPU model, JVM, max heap. */
public final class Hardware {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private Hardware() {}

    public static String describe() {
        return String.format("%d cores, %s, %s %s (%s), max heap %.1f GB",
                Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().maxMemory() / 1e9);
    }

    /** "model name" of the first processor in /proc/cpuinfo, or "unknown CPU" where there is none. */
    static String cpuModel() {
        if (!Files.isReadable(CPUINFO)) return "unknown CPU (no /proc/cpuinfo)";
        try (Stream<String> lines = Files.lines(CPUINFO)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
    }
}
