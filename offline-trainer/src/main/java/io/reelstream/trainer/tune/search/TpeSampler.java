package io.reelstream.trainer.tune.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kégl, "Algorithms for
 * hyper-parameter optimization", NIPS 2011), with Optuna's univariate defaults. Maximises.
 *
 * <ol>
 *   <li>Until {@code startupTrials} trials are complete: independent random draws.</li>
 *   <li>Then split the finished trials into "good" — the best n_good = min(⌈γ·n⌉, 25), γ = 0.1 —
 *       and "bad" (the rest). Complete trials rank by value; pruned trials rank below every
 *       complete one, deeper-reaching and better intermediate first; failed and cancelled trials
 *       are left out.</li>
 *   <li>Per parameter, in space order and only over trials where it was active: a Parzen estimator
 *       l(x) over the good trials' values, g(x) over the bad ones' (each with the prior; bad
 *       trials weigh less the older they are once there are more than 25).</li>
 *   <li>Draw {@code candidates} (24) values from l and keep the one with the largest
 *       log l(x) − log g(x): the expected-improvement maximiser under TPE's model.</li>
 * </ol>
 * Categorical parameters use smoothed counts: each observation puts weight 1 on its choice plus
 * priorWeight/n_choices on every choice, the prior component is uniform. Ranges are modelled in
 * the internal coordinate (log for log ranges, ±½ around integers).
 */
public final class TpeSampler implements Sampler {
    /** Optuna's defaults. */
    public record Options(int startupTrials, int candidates, double gamma, int maxGood, double priorWeight) {
        public static Options defaults() {
            return new Options(10, 24, 0.1, 25, 1.0);
        }
    }

    private final long seed;
    private final Options options;

    public TpeSampler(long seed) {
        this(seed, Options.defaults());
    }

    public TpeSampler(long seed, Options options) {
        this.seed = seed;
        this.options = options;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<TrialRecord> history, int trialNumber) {
        SplittableRandom random = Sampler.randomFor(seed, trialNumber);
        long complete = history.stream().filter(TrialRecord::complete).count();
        if (complete < options.startupTrials()) return RandomSampler.sample(space, random);

        List<TrialRecord> ranked = history.stream()
                .filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)
                .sorted(BEST_FIRST).toList();
        int nGood = Math.min((int) Math.ceil(options.gamma() * ranked.size()), options.maxGood());
        List<TrialRecord> good = ranked.subList(0, nGood);
        List<TrialRecord> bad = new ArrayList<>(ranked.subList(nGood, ranked.size()));
        bad.sort(Comparator.comparingInt(TrialRecord::number)); // oldest first, for the ramp of weights

        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (!p.activeFor(values)) continue;
            List<Object> goodValues = valuesOf(p, good);
            List<Object> badValues = valuesOf(p, bad);
            Object v = p.domain() instanceof Domain.Numeric range
                    ? sampleNumeric(range, goodValues, badValues, random)
                    : sampleChoice((Domain.Choice) p.domain(), goodValues, badValues, random);
            values.put(p.id(), v);
        }
        return values;
    }

    /** Complete trials by value (best first), then pruned ones: further-reaching, then better last value, first. */
    static final Comparator<TrialRecord> BEST_FIRST = (a, b) -> {
        if (a.complete() != b.complete()) return a.complete() ? -1 : 1;
        if (a.complete()) {
            int c = Double.compare(b.value(), a.value());
            return c != 0 ? c : Integer.compare(a.number(), b.number());
        }
        int c = Integer.compare(b.lastStep(), a.lastStep());
        if (c != 0) return c;
        double av = a.intermediate().isEmpty() ? Double.NEGATIVE_INFINITY : a.intermediate().get(a.lastStep());
        double bv = b.intermediate().isEmpty() ? Double.NEGATIVE_INFINITY : b.intermediate().get(b.lastStep());
        c = Double.compare(bv, av);
        return c != 0 ? c : Integer.compare(a.number(), b.number());
    };

    private static List<Object> valuesOf(Param p, List<TrialRecord> trials) {
        List<Object> out = new ArrayList<>();
        for (TrialRecord t : trials) {
            Object v = t.params().get(p.id());
            if (v != null) out.add(v);
        }
        return out;
    }

    private Object sampleNumeric(Domain.Numeric range, List<Object> good, List<Object> bad, SplittableRandom random) {
        double low = range.tLow();
        double high = range.tHigh();
        ParzenEstimator l = new ParzenEstimator(internal(range, good), ones(good.size()), options.priorWeight(), low, high);
        ParzenEstimator g = new ParzenEstimator(internal(range, bad), rampWeights(bad.size()), options.priorWeight(), low, high);
        double bestT = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < options.candidates(); c++) {
            double t = l.sample(random);
            double score = l.logPdf(t) - g.logPdf(t);
            if (score > bestScore) {
                bestScore = score;
                bestT = t;
            }
        }
        return range.fromInternal(bestT);
    }

    private Object sampleChoice(Domain.Choice choice, List<Object> good, List<Object> bad, SplittableRandom random) {
        double[] l = categorical(choice, good, ones(good.size()));
        double[] g = categorical(choice, bad, rampWeights(bad.size()));
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < options.candidates(); c++) {
            int i = draw(l, random);
            double score = Math.log(l[i]) - Math.log(g[i]);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return choice.values().get(best);
    }

    /** Probabilities of each choice: a mixture of smoothed one-hot kernels (weights w) and a uniform prior. */
    private double[] categorical(Domain.Choice choice, List<Object> observed, double[] w) {
        int n = choice.values().size();
        double pw = options.priorWeight();
        double[] p = new double[n];
        double total = pw;
        for (int j = 0; j < observed.size(); j++) {
            int c = choice.indexOf(observed.get(j));
            if (c < 0) continue; // a value from an older space: no longer a choice
            for (int i = 0; i < n; i++) p[i] += w[j] * (pw / n) / (1 + pw);
            p[c] += w[j] / (1 + pw);
            total += w[j];
        }
        for (int i = 0; i < n; i++) p[i] = (p[i] + pw / n) / total;
        return p;
    }

    private static int draw(double[] p, SplittableRandom random) {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u <= acc) return i;
        }
        return p.length - 1;
    }

    private static double[] internal(Domain.Numeric range, List<Object> values) {
        double[] t = new double[values.size()];
        for (int i = 0; i < t.length; i++) t[i] = range.toInternal(values.get(i));
        return t;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** Optuna's default_weights: 1 for the newest 25, a ramp from 1/n up to 1 for the older ones. */
    static double[] rampWeights(int n) {
        double[] w = ones(n);
        int ramp = n - 25;
        if (ramp <= 0) return w;
        for (int i = 0; i < ramp; i++) w[i] = 1.0 / n + (1.0 - 1.0 / n) * (ramp == 1 ? 0 : i / (double) (ramp - 1));
        return w;
    }
}
