package io.reelstream.trainer.itemitem;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS (LAPACK + CBLAS) through JavaCPP's preset, loaded once. The natives come from the
 * {@code org.bytedeco:openblas:linux-x86_64} and {@code org.bytedeco:javacpp:linux-x86_64} jars
 * (both inside offline-trainer.jar); JavaCPP unpacks them to ~/.javacpp/cache on first use.
 * A machine or classpath without them gets one line naming what is missing.
 *
 * <p>OpenBLAS 0.3.19 picks its kernels from the CPU model and falls back to Nehalem's (SSE only) on a
 * model it does not know — as on this project's VMs, whose CPU reports a generic "Intel Xeon
 * Processor": the n = 4 000 factorisation took 12.7 s instead of 1.5 s. So unless the environment
 * already sets {@code OPENBLAS_CORETYPE}, it is set from the CPU's flags (AVX-512 → SkylakeX,
 * AVX2 + FMA → Haswell) through libc's setenv before the library loads.
 */
public final class NativeBlas {
    private static volatile String loaded;

    private NativeBlas() {}

    /** Loads OpenBLAS if needed and returns its version line. */
    public static String require() {
        String v = loaded;
        if (v != null) return v;
        synchronized (NativeBlas.class) {
            if (loaded != null) return loaded;
            String where = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            // the dense solve holds one n × n float matrix outside the heap beside the heap's own copy:
            // JavaCPP's default caps (-Xmx off-heap, 2·-Xmx resident) would refuse it at large n
            if (System.getProperty("org.bytedeco.javacpp.maxBytes") == null) System.setProperty("org.bytedeco.javacpp.maxBytes", "0");
            if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
                System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
            }
            String core = chooseCoreType();
            try {
                Loader.load(openblas.class);
                loaded = openblas.OPENBLAS_VERSION.trim() + " (kernels " + core + ") via JavaCPP " + javacppVersion()
                        + " (" + Loader.getPlatform() + ")";
            } catch (NoClassDefFoundError e) {
                throw new MissingNativeLibraryException("the itemitem model needs OpenBLAS through JavaCPP, and "
                        + e.getMessage().replace('/', '.') + " is not on the classpath: add org.bytedeco:openblas:0.3.19-1.5.7 and "
                        + "org.bytedeco:javacpp:1.5.7 (plus their linux-x86_64 jars), or set itemitem.enabled=false", e);
            } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
                Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
                throw new MissingNativeLibraryException("the itemitem model cannot load OpenBLAS's native library on "
                        + where + " (" + firstLine(cause) + "): it needs org.bytedeco:openblas:0.3.19-1.5.7:linux-x86_64 and "
                        + "org.bytedeco:javacpp:1.5.7:linux-x86_64 on the classpath of a linux x86_64 JVM, "
                        + "or set itemitem.enabled=false", e);
            }
            return loaded;
        }
    }

    /** OpenBLAS's worker threads for the next calls (at least 1). */
    public static void threads(int threads) {
        require();
        openblas.blas_set_num_threads(Math.max(1, threads));
    }

    /** libc's setenv, for OPENBLAS_CORETYPE. */
    private interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /** OPENBLAS_CORETYPE as given, or set from /proc/cpuinfo's flags; a description for the log. */
    static String chooseCoreType() {
        String given = System.getenv("OPENBLAS_CORETYPE");
        if (given != null) return given + " from OPENBLAS_CORETYPE";
        String core = coreTypeForFlags(cpuFlags());
        if (core == null) return "detected by OpenBLAS";
        try {
            LibC libc = (LibC) com.sun.jna.Native.loadLibrary("c", LibC.class);
            if (libc.setenv("OPENBLAS_CORETYPE", core, 1) != 0) return "detected by OpenBLAS (setenv failed)";
            return core + " from the CPU flags";
        } catch (Throwable t) { // no JNA or no libc: OpenBLAS's own detection still works, only slower on unknown CPUs
            return "detected by OpenBLAS (" + t.getClass().getSimpleName() + " setting OPENBLAS_CORETYPE)";
        }
    }

    /** SkylakeX with AVX-512 (F, BW, DQ, VL), Haswell with AVX2 + FMA, else null (leave it to OpenBLAS). */
    static String coreTypeForFlags(java.util.Set<String> flags) {
        if (flags.containsAll(java.util.List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) return "SkylakeX";
        if (flags.containsAll(java.util.List.of("avx2", "fma"))) return "Haswell";
        return null;
    }

    private static java.util.Set<String> cpuFlags() {
        java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
        if (!java.nio.file.Files.isReadable(cpuinfo)) return java.util.Set.of();
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> (java.util.Set<String>) new java.util.HashSet<>(java.util.Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .orElse(java.util.Set.of());
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Set.of();
        }
    }

    private static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "(unknown version)";
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The native library could not be loaded: an environment problem, reported in one line. */
    public static final class MissingNativeLibraryException extends RuntimeException {
        public MissingNativeLibraryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
