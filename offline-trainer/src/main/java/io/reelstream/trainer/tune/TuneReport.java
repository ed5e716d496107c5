package io.reelstream.trainer.tune;

import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.rating.RatingErrors;
import io.reelstream.trainer.tune.search.Domain;
import io.reelstream.trainer.tune.search.Param;
import io.reelstream.trainer.tune.search.TrialRecord;
import io.reelstream.trainer.tune.search.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html of a tune run: one self-contained page (inline CSS and SVG, no scripts, nothing
 * fetched): the summary, the chosen config's validation and test rows beside the base config and
 * popularity, the best-so-far curve, each parameter against NDCG@K, the rating errors, and every
 * trial. The plots show values from the 10th percentile up; trials below it sit on the bottom edge.
 */
final class TuneReport {
    private static final int W = 520;
    private static final int H = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 26;
    private static final int BOTTOM = 36;

    private TuneReport() {}

    static String html(TuneResult r) {
        String model = r.bestConfig().tuneModel();
        int k = r.base().evalK();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>reelstream tune report</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}tr.best td{background:#e8f4e8}")
                .append("svg{background:#fff;border:1px solid #ddd;margin:4px 8px 8px 0}.plots{display:flex;flex-wrap:wrap}")
                .append("pre{background:#f7f7f7;padding:8px;border:1px solid #ddd}.muted{color:#777}")
                .append("\n</style></head><body>\n");
        h.append("<h1>Tune report</h1>\n<table>");
        row(h, "data", r.dataDir() + " (" + r.ratings() + " ratings, fingerprint " + r.dataFingerprint().substring(0, 12) + ")");
        row(h, "split", r.base().splitMode().name().toLowerCase(Locale.ROOT) + "; trials fit on train, scored on validation;"
                + " the chosen config refit on train+validation and scored once on test");
        row(h, "objective", model + " NDCG@" + k + " on validation (tune.model)");
        row(h, "search", r.settings().search().label() + ", seed " + r.settings().seed() + ", " + r.settings().trials()
                + " trials asked, budget " + (r.settings().budget() == null ? "none" : TuneSettings.format(r.settings().budget()))
                + ", batches of " + r.settings().batch() + ", " + r.settings().parallelTrials() + " in parallel × "
                + r.settings().threadsPerTrial() + " threads, median pruner "
                + (r.settings().pruneEvery() > 0 ? "every " + r.settings().pruneEvery() + " iterations" : "off"));
        row(h, "trials", r.study().trials().size() + " (" + Tuner.counts(r.study().trials()) + "), ended by "
                + r.study().stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        row(h, "time", "load " + TuneSettings.format(r.loadTime()) + ", search "
                + TuneSettings.format(Duration.ofNanos(r.study().elapsedNanos())) + ", total " + TuneSettings.format(r.elapsed()));
        row(h, "chosen", "trial " + r.best().number() + ": " + esc(r.space().assignment(r.best().params()).toString()));
        if (r.tuneRunId() > 0) row(h, "runs store", "tune run " + r.tuneRunId() + " (runs show " + r.tuneRunId() + ", runs list --tune "
                + r.tuneRunId() + ")");
        h.append("</table>\n");

        h.append("<h2>Validation and test</h2>\n");
        h.append("<table><tr><th class=\"l\">configuration</th><th class=\"l\">model</th><th>val users</th><th>val Recall@").append(k)
                .append("</th><th>val NDCG@").append(k).append("</th><th>test users</th><th>test Recall@").append(k)
                .append("</th><th>test NDCG@").append(k).append("</th><th>test Cov@").append(k).append("</th></tr>\n");
        resultRow(h, "tuned (trial " + r.best().number() + ")", model, r.validation(), r.test(), true);
        if (r.baseValidation() != null) resultRow(h, "base (before tuning)", model, r.baseValidation(), r.baseTest(), false);
        for (ModelEvaluation e : r.validation().evaluations()) {
            if (!e.model().equals(model)) resultRow(h, "reference (same refits)", e.model(), r.validation(), r.test(), false);
        }
        h.append("</table>\n<p class=\"muted\">validation: fit on train; test: fit on train+validation (PROTOCOL.md).</p>\n");
        if (!r.validation().ratingErrors().isEmpty()) {
            h.append("<table><tr><th class=\"l\">rating predictor</th><th>val RMSE</th><th>val MAE</th><th>test RMSE</th><th>test MAE</th></tr>\n");
            for (int i = 0; i < r.validation().ratingErrors().size(); i++) {
                RatingErrors v = r.validation().ratingErrors().get(i);
                RatingErrors t = i < r.test().ratingErrors().size() ? r.test().ratingErrors().get(i) : null;
                h.append("<tr><td class=\"l\">").append(esc(v.model())).append("</td>").append(cell(v.rmse())).append(cell(v.mae()))
                        .append(cell(t == null ? Double.NaN : t.rmse())).append(cell(t == null ? Double.NaN : t.mae())).append("</tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Search</h2>\n<div class=\"plots\">\n");
        h.append(bestSoFar(r.study().trials(), k));
        for (Param p : r.space().params()) {
            if (p.domain() instanceof Domain.Choice c && c.values().size() < 2) continue; // nothing to compare
            h.append(paramPlot(p, r.study().trials(), k));
        }
        h.append("</div>\n");

        h.append("<h2>Trials</h2>\n<table><tr><th>#</th><th class=\"l\">state</th><th>NDCG@").append(k).append("</th>");
        List<String> keys = new ArrayList<>();
        for (Param p : r.space().params()) if (!keys.contains(p.key())) keys.add(p.key());
        for (String key : keys) h.append("<th>").append(esc(key)).append("</th>");
        h.append("<th>seconds</th><th class=\"l\">note</th></tr>\n");
        for (TrialRecord t : r.study().trials()) {
            Map<String, String> a = r.space().assignment(t.params());
            h.append(t.number() == r.best().number() ? "<tr class=\"best\">" : "<tr>").append("<td>").append(t.number())
                    .append("</td><td class=\"l\">").append(t.state().label()).append("</td>").append(cell(t.value()));
            for (String key : keys) h.append("<td>").append(esc(a.getOrDefault(key, ""))).append("</td>");
            h.append(String.format(Locale.ROOT, "<td>%.1f</td>", t.durationNanos() / 1e9)).append("<td class=\"l\">")
                    .append(esc(t.reason() == null ? "" : t.reason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append("<h2>Search space</h2>\n<pre>").append(esc("# " + r.spaceSource() + "\n" + r.space().describe())).append("</pre>\n");
        h.append("<h2>best.properties</h2>\n<pre>");
        TuneFiles.bestKeys(r).forEach((key, v) -> h.append(esc(key + "=" + v)).append('\n'));
        h.append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th class=\"l\">").append(esc(label)).append("</th><td class=\"l\">").append(esc(value)).append("</td></tr>\n");
    }

    private static void resultRow(StringBuilder h, String config, String model, TrainingPipeline.Result val,
                                  TrainingPipeline.Result test, boolean best) {
        ModelEvaluation v = find(val, model);
        ModelEvaluation t = find(test, model);
        h.append(best ? "<tr class=\"best\">" : "<tr>").append("<td class=\"l\">").append(esc(config)).append("</td><td class=\"l\">")
                .append(esc(model)).append("</td>");
        if (v == null) h.append("<td></td><td></td><td></td>");
        else h.append("<td>").append(v.users()).append("</td>").append(cell(v.recall())).append(cell(v.ndcg()));
        if (t == null) h.append("<td></td><td></td><td></td><td></td>");
        else h.append("<td>").append(t.users()).append("</td>").append(cell(t.recall())).append(cell(t.ndcg())).append(cell(t.coverage()));
        h.append("</tr>\n");
    }

    private static ModelEvaluation find(TrainingPipeline.Result r, String model) {
        return r.evaluations().stream().filter(e -> e.model().equals(model)).findFirst().orElse(null);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "<td></td>" : String.format(Locale.ROOT, "<td>%.4f</td>", v);
    }

    /** Each complete trial's value by trial number, pruned trials at their last intermediate value, and the running best. */
    static String bestSoFar(List<TrialRecord> trials, int k) {
        double[] yr = yRange(trials);
        double xMax = Math.max(1, trials.size() - 1);
        StringBuilder s = svgStart("best so far", "trial", "NDCG@" + k, 0, xMax, yr, XTicks.INTEGER);
        StringBuilder line = new StringBuilder();
        double best = Double.NaN;
        for (TrialRecord t : trials) {
            if (t.complete() && (Double.isNaN(best) || t.value() > best)) best = t.value();
            if (!Double.isNaN(best)) {
                double x = px(t.number(), 0, xMax);
                double y = py(best, yr);
                line.append(line.length() == 0 ? "M" : " L").append(fmt(x)).append(',').append(fmt(y));
            }
        }
        if (line.length() > 0) s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\"/>");
        for (TrialRecord t : trials) points(s, t, px(t.number(), 0, xMax), yr, "trial " + t.number());
        s.append(legend());
        return s.append("</svg>\n").toString();
    }

    /** One parameter against the objective: numeric on a linear or log axis, choices as columns. */
    static String paramPlot(Param p, List<TrialRecord> trials, int k) {
        double[] yr = yRange(trials);
        Domain d = p.domain();
        List<TrialRecord> with = trials.stream().filter(t -> t.params().containsKey(p.id())).toList();
        boolean log = d instanceof Domain.Numeric n && n.log();
        double lo;
        double hi;
        if (d instanceof Domain.IntRange ir) {
            lo = ir.lo();
            hi = ir.hi();
        } else if (d instanceof Domain.FloatRange fr) {
            lo = fr.lo();
            hi = fr.hi();
        } else {
            lo = -0.5;
            hi = ((Domain.Choice) d).values().size() - 0.5;
        }
        if (hi == lo) hi = lo + 1;
        double xl = log ? Math.log10(lo) : lo;
        double xh = log ? Math.log10(hi) : hi;
        StringBuilder s = svgStart(p.id(), p.id() + (log ? " (log scale)" : ""), "NDCG@" + k, xl, xh, yr,
                d instanceof Domain.Choice ? XTicks.NONE : log ? XTicks.LOG : XTicks.LINEAR);
        if (d instanceof Domain.Choice c) {
            for (int i = 0; i < c.values().size(); i++) {
                s.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                        fmt(px(i, xl, xh)), H - BOTTOM + 14, esc(c.values().get(i))));
            }
        }
        for (TrialRecord t : with) {
            Object v = t.params().get(p.id());
            double x;
            if (d instanceof Domain.Choice c) {
                x = c.indexOf(v) + 0.25 * (((t.number() * 37) % 11) / 10.0 - 0.5); // a fixed spread so equal values do not hide each other
            } else {
                double raw = ((Number) v).doubleValue();
                x = log ? Math.log10(raw) : raw;
            }
            points(s, t, px(x, xl, xh), yr, "trial " + t.number() + ": " + p.key() + "=" + d.format(v));
        }
        return s.append("</svg>\n").toString();
    }

    private static void points(StringBuilder s, TrialRecord t, double x, double[] yr, String label) {
        if (t.complete()) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"#36c\"><title>%s: %.4f</title></circle>",
                    fmt(x), fmt(py(t.value(), yr)), esc(label), t.value()));
        } else if (t.state() == TrialState.PRUNED && !t.intermediate().isEmpty()) {
            double v = t.intermediate().get(t.lastStep());
            s.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"none\" stroke=\"#e80\"><title>%s: pruned at"
                    + " iteration %d, %.4f</title></circle>", fmt(x), fmt(py(v, yr)), esc(label), t.lastStep(), v));
        }
    }

    private static String legend() {
        int y = 10;
        return "<circle cx=\"" + (LEFT + 10) + "\" cy=\"" + y + "\" r=\"3.5\" fill=\"#36c\"/><text x=\"" + (LEFT + 18) + "\" y=\""
                + (y + 4) + "\" font-size=\"11\">complete</text><circle cx=\"" + (LEFT + 90) + "\" cy=\"" + y
                + "\" r=\"3.5\" fill=\"none\" stroke=\"#e80\"/><text x=\"" + (LEFT + 98) + "\" y=\"" + (y + 4)
                + "\" font-size=\"11\">pruned (last intermediate)</text><path d=\"M" + (LEFT + 260) + "," + y + " l16,0\" stroke=\"#2a7\""
                + " stroke-width=\"2\"/><text x=\"" + (LEFT + 282) + "\" y=\"" + (y + 4) + "\" font-size=\"11\">best so far</text>";
    }

    private static StringBuilder svgStart(String title, String xLabel, String yLabel, double xl, double xh, double[] yr, XTicks xTicks) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                W, H + 16, W, H + 16));
        s.append("<title>").append(esc(title)).append("</title>");
        int x0 = LEFT;
        int x1 = W - RIGHT;
        int y0 = H - BOTTOM;
        s.append(String.format(Locale.ROOT, "<path d=\"M%d,%d L%d,%d L%d,%d\" fill=\"none\" stroke=\"#999\"/>", x0, TOP, x0, y0, x1, y0));
        for (int i = 0; i <= 4; i++) { // y ticks
            double v = yr[0] + i * (yr[1] - yr[0]) / 4;
            double y = py(v, yr);
            s.append(String.format(Locale.ROOT, "<path d=\"M%d,%s h-4\" stroke=\"#999\"/><text x=\"%d\" y=\"%s\" font-size=\"10\""
                    + " text-anchor=\"end\">%.4f</text>", x0, fmt(y), x0 - 6, fmt(y + 3), v));
        }
        if (xTicks != XTicks.NONE) {
            for (int i = 0; i <= 4; i++) { // x ticks: values, 10^x on log axes, whole numbers for trial numbers
                double v = xl + i * (xh - xl) / 4;
                String label = xTicks == XTicks.INTEGER ? String.valueOf(Math.round(v))
                        : shortNumber(xTicks == XTicks.LOG ? Math.pow(10, v) : v);
                s.append(String.format(Locale.ROOT, "<path d=\"M%s,%d v4\" stroke=\"#999\"/><text x=\"%s\" y=\"%d\" font-size=\"10\""
                        + " text-anchor=\"middle\">%s</text>", fmt(px(v, xl, xh)), y0, fmt(px(v, xl, xh)), y0 + 14, label));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>", (x0 + x1) / 2, H + 8,
                esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 12 %d)\""
                + " text-anchor=\"middle\">%s</text>", (TOP + y0) / 2, (TOP + y0) / 2, esc(yLabel)));
        return s;
    }

    /** How the x axis is labelled: numbers, powers of ten, whole numbers, or not at all (choices label themselves). */
    private enum XTicks { LINEAR, LOG, INTEGER, NONE }

    /**
     * The y range of the plots: up to the best value, down to the 10th percentile of the plotted
     * values (so one collapsed trial does not squash the rest); lower values sit on the bottom edge.
     */
    private static double[] yRange(List<TrialRecord> trials) {
        List<Double> vs = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.complete()) vs.add(t.value());
            if (t.state() == TrialState.PRUNED && !t.intermediate().isEmpty()) vs.add(t.intermediate().get(t.lastStep()));
        }
        if (vs.isEmpty()) return new double[] {0, 1};
        vs.sort(null);
        double lo = vs.get((int) Math.floor(0.1 * (vs.size() - 1)));
        double hi = vs.get(vs.size() - 1);
        double pad = Math.max(1e-4, (hi - lo) * 0.05);
        return new double[] {lo - pad, hi + pad};
    }

    private static double px(double x, double lo, double hi) {
        return LEFT + (x - lo) / (hi - lo) * (W - RIGHT - LEFT);
    }

    private static double py(double y, double[] range) {
        double clamped = Math.max(range[0], y); // below the range: on the bottom edge
        return (H - BOTTOM) - (clamped - range[0]) / (range[1] - range[0]) * (H - BOTTOM - TOP);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shortNumber(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.2g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
