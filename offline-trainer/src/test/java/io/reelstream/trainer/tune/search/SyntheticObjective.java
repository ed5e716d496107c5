package io.reelstream.trainer.tune.search;

import java.util.Map;

/**
 * A known objective over a small mixed space, maximum 1.0 at lambda = 0.1, factors = 16, mode = b,
 * steps = 4 (and width at mode b only):
 * <pre>
 *   f = 1 − (log10 λ + 1)² / 4 − (log2 k − 4)² / 16 − (s − 4)² / 36 − [mode ≠ b] · 0.3 − [mode = b] · (w − 0.7)² / 4
 * </pre>
 */
final class SyntheticObjective {
    static final String SPACE = """
            # the synthetic test space
            lambda = float 0.001..10 log grid 5
            factors = int 1..256 log grid 5
            mode = choice a,b,c
            steps = int 1..7 grid 3
            width = float 0.1..1.3 grid 3 if mode=b
            """;

    static SearchSpace space() {
        return SearchSpace.parse(SPACE, "synthetic");
    }

    static double value(Map<String, String> a) {
        double lambda = Double.parseDouble(a.get("lambda"));
        double k = Double.parseDouble(a.get("factors"));
        double s = Double.parseDouble(a.get("steps"));
        String mode = a.get("mode");
        double f = 1 - sq(Math.log10(lambda) + 1) / 4 - sq(Math.log(k) / Math.log(2) - 4) / 16 - sq(s - 4) / 36;
        if (mode.equals("b")) {
            f -= sq(Double.parseDouble(a.get("width")) - 0.7) / 4;
        } else {
            f -= 0.3;
            if (a.containsKey("width")) throw new AssertionError("width is only active when mode=b: " + a);
        }
        return f;
    }

    private static double sq(double x) {
        return x * x;
    }

    private SyntheticObjective() {}
}
