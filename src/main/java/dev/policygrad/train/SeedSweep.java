package dev.policygrad.train;

import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.render.Text;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.SourceTask;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
     * @param estimator     the gradient estimator: a built-in, GAE or one the program declares
     * @param exactGradient whether to train with the exact gradient instead
     * @param episodes      episodes per iteration
     * @param iterations    iterations per run
     * @param optimizer     {@code sgd} or {@code adam}
     * @param learningRate  the optimizer's learning rate
     * @param seeds         one run per seed
     * @param starts        each run's initial theta, in the order of {@code seeds}
     */
    public record Plan(SourceTask task, EstimatorChoice estimator, boolean exactGradient, int episodes, int iterations,
            String optimizer, double learningRate, long[] seeds, double[][] starts) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Run {@code i} from start to end: its metric rows. A failure names the run's seed. */
        ArrayList<MetricRow> run(int i) {
            Trainer trainer = new Trainer(task.policy(), task.environment(),
                    new TrainingSettings(estimator, exactGradient, episodes, seeds[i], 1));
            TrainingRun run = trainer.start(starts[i], Optimizer.of(optimizer, learningRate));
            try {
                trainer.train(run, iterations, null);
            } catch (IterationFailed e) {
                throw e.withMessage("the run of seed " + seeds[i] + ", " + e.getMessage());
            }
            return new ArrayList<>(run.metrics());
        }
    }

    /**
     * The curve over seeds: per iteration the mean m_k and its standard error se_k (NaN with one seed),
     * and whether y is the exact J.
     */
    public record Result(long[] seeds, double[] mean, double[] standardError, boolean exact) {

        /** {@code {"seeds": [...], "iterations": K, "mean": [...], "standard_error": [...]}}. */
        public java.util.Map<String, Object> json() {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("seeds", seeds);
            out.put("iterations", mean.length);
            out.put("mean", mean);
            out.put("standard_error", standardError);
            return out;
        }

        /** Two lines: the sweep, and the mean over seeds at the first and last iteration. */
        public String summary(String seedText, String task, String optimizer, double learningRate) {
            int last = mean.length - 1;
            return "trained " + seeds.length + " runs of " + mean.length + " iterations (seeds " + seedText + ") on "
                    + task + ": " + optimizer + ", learning rate " + Text.number(learningRate) + "\n"
                    + "iteration 1: mean over seeds " + Text.number(mean[0]) + " +- " + Text.number(standardError[0])
                    + " (standard error)\n"
                    + "iteration " + (last + 1) + ": mean over seeds " + Text.number(mean[last]) + " +- "
                    + Text.number(standardError[last]) + " (standard error)\n";
        }

        /** Writes the mean curve with its band to each plot, atomically. */
        public void plot(List<Path> plots, String title) throws IOException {
            for (Path plot : plots) {
                AtomicWrite.write(plot, TrainingPlot.encodeSweep(this, title, plot.getFileName().toString()));
            }
        }
    }

    /**
     * m_k and se_k accumulated run by run, in the order of the seeds: the sum of y_{s,k} (m_k is it over
     * S) and, for the spread, Welford's running mean and sum of squared deviations (Welford 1962), so a
     * sweep keeps two numbers per iteration, not every run's rows.
     */
    private static final class Curve {
        private final double[] sum;
        private final double[] running;
        private final double[] squares;
        private int runs;
        private boolean exact;

        Curve(int iterations) {
            sum = new double[iterations];
            running = new double[iterations];
            squares = new double[iterations];
        }

        void add(List<MetricRow> rows) {
            if (rows.size() != sum.length) {
                throw new IllegalStateException("a run of the sweep made " + rows.size() + " rows, not " + sum.length);
            }
            if (runs == 0) exact = !Double.isNaN(rows.get(0).exactJ());
            runs++;
            for (int k = 0; k < sum.length; k++) {
                double y = value(rows.get(k));
                sum[k] += y;
                double delta = y - running[k];
                running[k] += delta / runs;
                squares[k] += delta * (y - running[k]);
            }
        }

        Result result(long[] seeds) {
            double[] mean = new double[sum.length];
            double[] se = new double[sum.length];
            for (int k = 0; k < sum.length; k++) {
                mean[k] = sum[k] / runs;
                se[k] = runs > 1 ? Math.sqrt(squares[k] / (runs - 1) / runs) : Double.NaN;
            }
            return new Result(seeds.clone(), mean, se, exact);
        }

        /** y_{s,k}: exact J where known, else the batch's mean return. */
        private static double value(MetricRow row) {
            return Double.isNaN(row.exactJ()) ? row.meanReturn() : row.exactJ();
        }
    }

    /**
     * The rows a batch of runs may hold at once (about 100 bytes each), unless {@link #SMALLEST_BATCH} runs
     * hold more: a sweep's memory grows with its iterations, never with its seeds.
     */
    static final long ROWS_IN_FLIGHT = 1L << 20;

    /** The fewest runs handed to the engine at once, so that a cluster has work for its cores. */
    static final int SMALLEST_BATCH = 64;

    /** The most runs handed to the engine at once. */
    static final int LARGEST_BATCH = 256;

    private SeedSweep() {}

    /**
     * Runs every seed on {@code engine}, a batch of runs at a time (as many as {@link #ROWS_IN_FLIGHT} rows
     * allow, from {@link #SMALLEST_BATCH} to {@link #LARGEST_BATCH}), and returns the curve over seeds. When
     * {@code csv} is not null, each run's rows go to it as its batch ends, {@code seed,} then the columns of
     * {@link Metrics#CSV_HEADER}, in the order of the seeds; the file appears, atomically, when the last run
     * is written.
     */
    public static Result run(Plan plan, RolloutEngine engine, Path csv) throws IOException {
        // a bad estimator fails here, once, not in every run
        plan.estimator().requireValid(plan.task().program(), plan.task().environment());
        Curve curve = new Curve(plan.iterations());
        if (csv == null) {
            play(plan, engine, curve, null);
        } else {
            AtomicWrite.write(csv, out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                writer.write("seed," + Metrics.CSV_HEADER + "\n");
                play(plan, engine, curve, writer);
                writer.flush();
            });
        }
        return curve.result(plan.seeds());
    }

    private static void play(Plan plan, RolloutEngine engine, Curve curve, Writer csv) throws IOException {
        long[] seeds = plan.seeds();
        int batch = (int) Math.max(SMALLEST_BATCH, Math.min(LARGEST_BATCH, ROWS_IN_FLIGHT / Math.max(1, plan.iterations())));
        for (int from = 0; from < seeds.length; from += batch) {
            int first = from;
            List<ArrayList<MetricRow>> runs = engine.map(Math.min(batch, seeds.length - from), j -> plan.run(first + j));
            for (int j = 0; j < runs.size(); j++) {
                curve.add(runs.get(j));
                if (csv == null) continue;
                for (MetricRow row : runs.get(j)) csv.write(seeds[first + j] + "," + Metrics.csvLine(row));
            }
        }
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
