package dev.policygrad.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renderings of an {@link EstimatorReport}: {@link Reports}' table, then the tests, their power and the
 * diagnosis, then the verdict.
 */
public final class EstimatorReports {

    private EstimatorReports() {}

    public static String text(EstimatorReport report) {
        String base = Reports.text(report.base());
        int cut = base.lastIndexOf('\n', base.length() - 2) + 1;
        StringBuilder sb = new StringBuilder(base.substring(0, cut));
        List<String> names = report.base().parameters();
        if (report.unpairedPower() != null) {
            sb.append(power("unpaired", report.unpairedPower(), names));
        }
        if (report.pairedPower() != null) {
            sb.append(power("paired (minus " + report.pairedReference() + ")", report.pairedPower(), names));
        }
        if (report.recomputation() != null) sb.append(report.recomputation().describe()).append('\n');
        Diagnosis d = report.diagnosis();
        if (d != null) {
            sb.append("diagnosis: ").append(d.figures()).append('\n');
            sb.append("  ").append(d.words()).append('\n');
            sb.append("  ").append(d.where(names, 8)).append('\n');
        }
        sb.append(base.substring(cut));
        return sb.toString();
    }

    private static String power(String test, Power power, List<String> names) {
        StringBuilder sb = new StringBuilder();
        if (power.norm() == 0) {
            return test + " test: the per-episode values do not vary at all (up to rounding), so their mean is checked exactly\n";
        }
        sb.append(String.format(Locale.ROOT, "%s test at level %.3g detects with probability 0.8 any bias of norm >= %.3g",
                test, power.alpha(), power.norm()));
        sb.append("; per parameter >= ");
        int shown = Math.min(names.size(), 8);
        boolean constant = false;
        for (int j = 0; j < shown; j++) {
            if (j > 0) sb.append(", ");
            double d = power.perParameter()[j];
            constant |= Double.isNaN(d);
            sb.append(names.get(j)).append(' ').append(Double.isNaN(d) ? "constant" : String.format(Locale.ROOT, "%.3g", d));
        }
        if (shown < names.size()) sb.append(", ... (").append(names.size() - shown).append(" more in --json)");
        if (constant) {
            sb.append("; where constant, no episode varied, so a bias there shows only if it moves the mean these "
                    + "episodes give");
        }
        return sb.append('\n').toString();
    }

    /** {@link Reports#json}, with {@code "paired"}, {@code "power"} and {@code "diagnosis"} before the verdict. */
    public static Map<String, Object> json(EstimatorReport report) {
        Map<String, Object> base = Reports.json(report.base());
        Object verdict = base.remove("verdict");
        Object reason = base.remove("reason");
        List<String> names = report.base().parameters();
        if (report.paired() != null) {
            Map<String, Object> paired = new LinkedHashMap<>();
            paired.put("reference_estimator", report.pairedReference());
            paired.put("p_value", report.paired().pValue());
            paired.put("t_squared", report.paired().statistic());
            paired.put("varying_dimensions", report.paired().dimensions());
            Reports.putBootstrap(paired, report.paired());
            base.put("paired", paired);
        }
        if (report.unpaired() != null) base.put("level_per_test", report.level());
        if (report.unpairedPower() != null) {
            Map<String, Object> power = new LinkedHashMap<>();
            power.put("probability", Power.POWER);
            power.put("unpaired", power(report.unpairedPower(), names));
            if (report.pairedPower() != null) power.put("paired", power(report.pairedPower(), names));
            base.put("power", power);
        }
        if (report.recomputation() != null) {
            Recomputation r = report.recomputation();
            Map<String, Object> recomputed = new LinkedHashMap<>();
            recomputed.put("estimator", r.estimator());
            recomputed.put("agrees", r.agrees());
            if (!r.agrees()) {
                recomputed.put("episode", r.episode());
                recomputed.put("parameter", r.parameter());
                recomputed.put("given", r.given());
                recomputed.put("computed", r.computed());
            }
            base.put("recomputed", recomputed);
        }
        if (report.diagnosis() != null) {
            Diagnosis d = report.diagnosis();
            Map<String, Object> diagnosis = new LinkedHashMap<>();
            diagnosis.put("bias", named(names, d.bias()));
            diagnosis.put("relative_bias", d.relative());
            diagnosis.put("cosine", d.cosine());
            diagnosis.put("scale", d.scale());
            diagnosis.put("residual", d.residual());
            diagnosis.put("positive_multiple", d.positiveMultiple());
            diagnosis.put("negative_multiple", d.negativeMultiple());
            diagnosis.put("zero_expectation", d.zero());
            List<String> biased = new java.util.ArrayList<>();
            for (int j : d.biasedComponents()) biased.add(names.get(j));
            diagnosis.put("biased_components", biased);
            diagnosis.put("finding", d.words());
            base.put("diagnosis", diagnosis);
        }
        base.put("verdict", verdict);
        base.put("reason", reason);
        return base;
    }

    private static Map<String, Object> power(Power power, List<String> names) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", power.alpha());
        out.put("smallest_detectable_norm", power.norm());
        Map<String, Object> each = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            double d = power.perParameter()[i];
            each.put(names.get(i), Double.isNaN(d) ? null : d);  // null: no episode varied there
        }
        out.put("smallest_detectable", each);
        return out;
    }

    private static Map<String, Object> named(List<String> names, double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values[i]);
        return out;
    }
}
