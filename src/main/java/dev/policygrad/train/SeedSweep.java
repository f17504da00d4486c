package dev.policygrad.train;

import dev.policygrad.render.Text;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.SourceTask;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One training run per seed, as independent pieces of work on a rollout engine (threads locally, or
 * Spark tasks), and the learning curve averaged over seeds. Run s starts from the parameters drawn
 * with seed s (then the same assignments for every seed), and plays its batches on one thread, so each
 * run is bit-identical to {@code train --seed s --threads 1} and to itself on any engine.
 *
 * <p>The mean curve at iteration k is m_k = (1/S) sum_s y_{s,k}, where y is the exact J where known
 * (finite MDPs) and the batch's mean return otherwise; its band is m_k +- se_k with
 * se_k = sd_s(y_{s,k}) / sqrt(S), the standard error of the mean over seeds (the spirit of Sutton and
 * Barto's Figure 13.2).
 */
public final class SeedSweep {

    /**
     * @param task          the program, rebuilt wherever a run goes
     * @param estimator     the gradient estimator
     * @param exactGradient whether to train with the exact gradient instead
     * @param episodes      episodes per iteration
     * @param iterations    iterations per run
     * @param optimizer     {@code sgd} or {@code adam}
     * @param learningRate  the optimizer's learning rate
     * @param seeds         one run per seed
     * @param starts        each run's initial theta, in the order of {@code seeds}
     */
    public record Plan(SourceTask task, Estimator estimator, boolean exactGradient, int episodes, int iterations,
            String optimizer, double learningRate, long[] seeds, double[][] starts) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Run {@code i} from start to end: its metric rows. */
        ArrayList<MetricRow> run(int i) {
            Trainer trainer = new Trainer(task.policy(), task.environment(),
                    new TrainingSettings(estimator, exactGradient, episodes, seeds[i], 1));
            TrainingRun run = trainer.start(starts[i], Optimizer.of(optimizer, learningRate));
            trainer.train(run, iterations, null);
            return new ArrayList<>(run.metrics());
        }
    }

    /** Each seed's rows, and the curve over seeds. */
    public record Result(long[] seeds, List<List<MetricRow>> runs) {

        /** y_{s,k}: exact J where known, else the batch's mean return. */
        static double value(MetricRow row) {
            return Double.isNaN(row.exactJ()) ? row.meanReturn() : row.exactJ();
        }

        /** m_k per iteration. */
        public double[] mean() {
            int iterations = runs.get(0).size();
            double[] m = new double[iterations];
            for (List<MetricRow> run : runs) for (int k = 0; k < iterations; k++) m[k] += value(run.get(k));
            for (int k = 0; k < iterations; k++) m[k] /= runs.size();
            return m;
        }

        /** se_k per iteration (NaN with one seed). */
        public double[] standardError() {
            double[] m = mean();
            double[] se = new double[m.length];
            int s = runs.size();
            for (int k = 0; k < m.length; k++) {
                double squares = 0;
                for (List<MetricRow> run : runs) squares += Math.pow(value(run.get(k)) - m[k], 2);
                se[k] = s > 1 ? Math.sqrt(squares / (s - 1) / s) : Double.NaN;
            }
            return se;
        }

        /** Every run's rows as CSV: {@code seed,} then the columns of {@link Metrics#CSV_HEADER}. */
        public String csv() {
            StringBuilder out = new StringBuilder("seed," + Metrics.CSV_HEADER + "\n");
            for (int i = 0; i < seeds.length; i++) {
                String[] lines = Metrics.csv(runs.get(i)).split("\n");
                for (int l = 1; l < lines.length; l++) out.append(seeds[i]).append(',').append(lines[l]).append('\n');
            }
            return out.toString();
        }

        /** Writes the per-seed CSV (when {@code csv} is not null) and the mean curve to each plot. */
        public void write(java.nio.file.Path csv, List<java.nio.file.Path> plots, String title) throws java.io.IOException {
            SeedSweep.write(this, csv, plots, title);
        }

        /** {@code {"seeds": [...], "mean": [...], "standard_error": [...]}}. */
        public java.util.Map<String, Object> json() {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("seeds", seeds);
            out.put("iterations", runs.get(0).size());
            out.put("mean", mean());
            out.put("standard_error", standardError());
            return out;
        }

        /** Two lines: the sweep, and the mean over seeds at the first and last iteration. */
        public String summary(String seedText, String task, String optimizer, double learningRate) {
            double[] m = mean();
            double[] se = standardError();
            int last = m.length - 1;
            return "trained " + seeds.length + " runs of " + m.length + " iterations (seeds " + seedText + ") on " + task
                    + ": " + optimizer + ", learning rate " + Text.number(learningRate) + "\n"
                    + "iteration 1: mean over seeds " + Text.number(m[0]) + " +- " + Text.number(se[0])
                    + " (standard error)\n"
                    + "iteration " + (last + 1) + ": mean over seeds " + Text.number(m[last]) + " +- "
                    + Text.number(se[last]) + " (standard error)\n";
        }

        /** {@code iteration,mean,standard_error,seeds} per iteration. */
        public String meanCsv() {
            double[] m = mean();
            double[] se = standardError();
            StringBuilder out = new StringBuilder("iteration,mean,standard_error,seeds\n");
            for (int k = 0; k < m.length; k++) {
                out.append(k + 1).append(',').append(String.format(Locale.ROOT, "%.17g", m[k])).append(',')
                        .append(String.format(Locale.ROOT, "%.17g", se[k])).append(',').append(seeds.length).append('\n');
            }
            return out.toString();
        }
    }

    private SeedSweep() {}

    /** Writes every run's rows to {@code csv} (when not null) and the mean curve to each plot, atomically. */
    static void write(Result result, java.nio.file.Path csv, List<java.nio.file.Path> plots, String title)
            throws java.io.IOException {
        if (csv != null) {
            dev.policygrad.files.AtomicWrite.write(csv, result.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (java.nio.file.Path plot : plots) {
            dev.policygrad.files.AtomicWrite.write(plot,
                    TrainingPlot.encodeSweep(result, title, plot.getFileName().toString()));
        }
    }

    /** Runs every seed on {@code engine}; results in the order of the seeds. */
    public static Result run(Plan plan, RolloutEngine engine) {
        List<ArrayList<MetricRow>> runs = engine.map(plan.seeds().length, plan::run);
        return new Result(plan.seeds().clone(), new ArrayList<>(runs));
    }

    /** Parses {@code 1..32} (inclusive) or {@code 1,5,9}. */
    public static long[] parseSeeds(String text) {
        String t = text.trim();
        int dots = t.indexOf("..");
        long[] seeds;
        try {
            if (dots >= 0) {
                long from = Long.parseLong(t.substring(0, dots).trim());
                long to = Long.parseLong(t.substring(dots + 2).trim());
                if (to < from || to - from >= 100_000) throw new IllegalArgumentException();
                long[] range = new long[(int) (to - from + 1)];
                for (int i = 0; i < range.length; i++) range[i] = from + i;
                return range;
            }
            String[] parts = t.split(",");
            seeds = new long[parts.length];
            for (int i = 0; i < parts.length; i++) seeds[i] = Long.parseLong(parts[i].trim());
        } catch (IllegalArgumentException e) {
            throw new dev.policygrad.diag.UsageError("--seeds expects FROM..TO (at most 100000 seeds) or a comma-separated"
                    + " list, got '" + text + "'");
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long seed : seeds) {
            if (!seen.add(seed)) {
                throw new dev.policygrad.diag.UsageError("--seeds lists the seed " + seed + " twice in '" + text
                        + "': the same seed trains the same run");
            }
        }
        return seeds;
    }
}
