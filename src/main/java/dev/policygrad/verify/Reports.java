package dev.policygrad.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renderings of a {@link VerificationReport}: a text table, and a JSON-ready map. */
public final class Reports {

    private Reports() {}

    /**
     * {@code {"estimator", "baseline", "episodes", "reference": {"method", "gradient", "standard_error" (sampled
     * references only), "note"}, "estimate":
     * {"gradient", "standard_error", "z_score"}, "p_value" | "max_difference", ..., "verdict", "reason"}},
     * fields in that order (maps keep insertion order).
     */
    public static Map<String, Object> json(VerificationReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("estimator", report.estimator());
        out.put("baseline", report.baseline());
        out.put("episodes", report.episodes());
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("method", report.reference().method());
        reference.put("gradient", named(report.parameters(), report.reference().gradient()));
        if (report.reference().standardErrors() != null) {
            reference.put("standard_error", named(report.parameters(), report.reference().standardErrors()));
        }
        if (!report.reference().note().isEmpty()) reference.put("note", report.reference().note());
        out.put("reference", reference);
        Map<String, Object> estimate = new LinkedHashMap<>();
        estimate.put("gradient", named(report.parameters(), report.estimate()));
        if (report.standardError() != null) {
            estimate.put("standard_error", named(report.parameters(), report.standardError()));
            estimate.put("z_score", named(report.parameters(), report.zScores()));
        }
        out.put("estimate", estimate);
        if (report.test() instanceof VerificationReport.Sampled s) {
            out.put("p_value", s.hotelling().pValue());
            out.put("t_squared", s.hotelling().statistic());
            out.put("varying_dimensions", s.hotelling().dimensions());
            putBootstrap(out, s.hotelling());
            out.put("alpha", s.alpha());
        } else if (report.test() instanceof VerificationReport.Exact x) {
            out.put("exact", true);
            out.put("max_difference", x.maxDifference());
            out.put("tolerance", x.tolerance());
            out.put("trajectories", x.trajectories());
            out.put("total_probability", x.totalProbability());
            if (x.baselineTerm() != null) out.put("baseline_term", named(report.parameters(), x.baselineTerm()));
        }
        if (report.varianceReduction() != null) {
            VarianceReduction v = report.varianceReduction();
            Map<String, Object> variance = new LinkedHashMap<>();
            variance.put("without_baseline", v.withoutBaseline());
            variance.put("with_baseline", v.withBaseline());
            variance.put("factor", v.factor());
            out.put("total_variance", variance);
        }
        out.put("verdict", report.verdict().label());
        out.put("reason", report.reason());
        return out;
    }

    /**
     * A table of reference (with its standard error, where it is sampled), estimate, standard error and z
     * per parameter, then the verdict.
     */
    public static String text(VerificationReport report) {
        StringBuilder sb = new StringBuilder();
        boolean sampled = report.standardError() != null;
        sb.append(report.estimator()).append(" estimator, baseline ").append(report.baseline());
        if (sampled) sb.append(", ").append(report.episodes()).append(" episodes");
        else sb.append(", exact expectation over every trajectory");
        sb.append("; reference: ").append(report.reference().method()).append('\n');
        if (!report.reference().note().isEmpty()) sb.append("note: ").append(report.reference().note()).append('\n');
        int width = 9;
        for (String name : report.parameters()) width = Math.max(width, name.length());
        // a sampled reference has its own standard error per component, which z counts (as the test does)
        double[] referenceErrors = sampled ? report.reference().standardErrors() : null;
        String header = referenceErrors != null ? "%-" + width + "s  %14s  %12s  %14s  %12s  %8s%n"
                : sampled ? "%-" + width + "s  %14s  %14s  %12s  %8s%n" : "%-" + width + "s  %14s  %14s  %12s%n";
        if (referenceErrors != null) {
            sb.append(String.format(Locale.ROOT, header, "parameter", "reference", "its error", "estimate", "std error",
                    "z"));
        } else if (sampled) {
            sb.append(String.format(Locale.ROOT, header, "parameter", "reference", "estimate", "std error", "z"));
        } else {
            sb.append(String.format(Locale.ROOT, header, "parameter", "reference", "expectation", "difference"));
        }
        double[] r = report.reference().gradient();
        double[] z = report.zScores();
        for (int j = 0; j < report.parameters().size(); j++) {
            if (referenceErrors != null) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %14.6g  %12.4g  %14.6g  %12.4g  %8.3f%n",
                        report.parameters().get(j), r[j], referenceErrors[j], report.estimate()[j],
                        report.standardError()[j], z[j]));
            } else if (sampled) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %14.6g  %14.6g  %12.4g  %8.3f%n",
                        report.parameters().get(j), r[j], report.estimate()[j], report.standardError()[j], z[j]));
            } else {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %14.10g  %14.10g  %12.3g%n",
                        report.parameters().get(j), r[j], report.estimate()[j], report.estimate()[j] - r[j]));
            }
        }
        if (report.test() instanceof VerificationReport.Exact x && x.baselineTerm() != null) {
            double max = 0;
            for (double b : x.baselineTerm()) max = Math.max(max, Math.abs(b));
            sb.append(String.format(Locale.ROOT, "baseline term E[sum_t c_t b_t grad log pi] = 0 up to %.3g%n", max));
        }
        if (report.varianceReduction() != null) {
            VarianceReduction v = report.varianceReduction();
            String effect = v.factor() >= 1
                    ? String.format(Locale.ROOT, "%.3gx less", v.factor())
                    : String.format(Locale.ROOT, "%.3gx more: this baseline does not help here", 1 / v.factor());
            sb.append(String.format(Locale.ROOT, "total variance per episode: %.6g without baseline, %.6g with %s (%s)%n",
                    v.withoutBaseline(), v.withBaseline(), v.baseline(), effect));
        }
        sb.append(report.verdict().label()).append(": ").append(report.reason()).append('\n');
        return sb.toString();
    }

    private static Map<String, Object> named(List<String> names, double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values[i]);
        return out;
    }

    /**
     * The bootstrap's second opinion on a rejection, where it was asked ({@link BootstrapCalibration}):
     * {@code "bootstrap": {"p_value", "resamples"}}, or {@code {"skipped": why}}.
     */
    static void putBootstrap(Map<String, Object> out, SubspaceHotelling.Result result) {
        BootstrapCalibration.Calibration c = result.bootstrap();
        if (c == null) return;
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        if (c.skipped() != null) {
            bootstrap.put("skipped", c.skipped());
        } else {
            bootstrap.put("p_value", c.pValue());
            bootstrap.put("resamples", c.resamples());
        }
        out.put("bootstrap", bootstrap);
    }
}
