package io.reelstream.core.rank;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * IEEE 754 binary16 ("fp16") ↔ float, for {@link ItemRanker}'s half-precision scan.
 *
 * <p>Java 20 added {@code Float.float16ToFloat} and {@code Float.floatToFloat16}; HotSpot C2
 * compiles them to F16C/AVX-512 conversions and vectorises loops over {@code short[]} that use
 * them, so a scan reads half the bytes of a float scan. The build targets Java 17, so they are
 * reached through constant method handles (C2 inlines a {@code static final} handle to the
 * intrinsic). On Java 17 the handles point to the exact software conversions below: same
 * results, not vectorised, so {@link #intrinsic()} is false and rankers keep the float scan by
 * default (the tests still run the half path there).
 */
public final class HalfFloats {
    private static final MethodHandle TO_FLOAT;
    private static final MethodHandle FROM_FLOAT;
    private static final boolean INTRINSIC;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle toFloat, fromFloat;
        boolean intrinsic;
        try {
            toFloat = lookup.findStatic(Float.class, "float16ToFloat", MethodType.methodType(float.class, short.class));
            fromFloat = lookup.findStatic(Float.class, "floatToFloat16", MethodType.methodType(short.class, float.class));
            intrinsic = true;
        } catch (NoSuchMethodException | IllegalAccessException javaBefore20) {
            try {
                toFloat = lookup.findStatic(HalfFloats.class, "toFloatSoftware", MethodType.methodType(float.class, short.class));
                fromFloat = lookup.findStatic(HalfFloats.class, "fromFloatSoftware", MethodType.methodType(short.class, float.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
            intrinsic = false;
        }
        TO_FLOAT = toFloat;
        FROM_FLOAT = fromFloat;
        INTRINSIC = intrinsic;
    }

    private HalfFloats() {}

    /** True when this JVM has Java 20's conversions (the ones C2 vectorises). */
    public static boolean intrinsic() {
        return INTRINSIC;
    }

    /** The float of a binary16 value: exact (every binary16 value is a float). */
    public static float toFloat(short half) {
        try {
            return (float) TO_FLOAT.invokeExact(half);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The binary16 value nearest to f (±infinity beyond ±65 504); callers bound the error themselves. */
    public static short fromFloat(float f) {
        try {
            return (short) FROM_FLOAT.invokeExact(f);
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Exact binary16 → float: sign, 5-bit exponent (bias 15), 10-bit mantissa. */
    static float toFloatSoftware(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f; // exact: at most 10 significant bits
            return sign != 0 ? -subnormal : subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * float → a nearby binary16 (round half away from zero, not Java 20's half-even: the ranker
     * measures each item's actual conversion error, so only "near" matters here).
     */
    static short fromFloatSoftware(float f) {
        int sign = (Float.floatToRawIntBits(f) >>> 16) & 0x8000;
        float a = Math.abs(f);
        if (Float.isNaN(f)) return (short) (sign | 0x7E00);
        if (a >= 65520f) return (short) (sign | 0x7C00);
        if (a < 0x1p-14f) return (short) (sign | Math.round(a * 0x1p24f)); // subnormal; 1024 encodes 2⁻¹⁴
        int exponent = Math.getExponent(a);
        int mantissa = Math.round((a * Math.scalb(1f, -exponent) - 1f) * 1024f);
        if (mantissa == 1024) {
            mantissa = 0;
            exponent++;
        }
        if (exponent > 15) return (short) (sign | 0x7C00);
        return (short) (sign | ((exponent + 15) << 10) | mantissa);
    }
}
