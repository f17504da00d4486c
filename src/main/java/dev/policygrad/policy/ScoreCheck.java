package dev.policygrad.policy;

import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.diag.UsageError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The four-way check of a policy's score d log pi / d theta: reverse mode against forward mode,
 * finite differences and the evaluated symbolic derivative ({@link GradCheck}), at points
 * (theta, s, a) drawn from a seed around given parameters.
 */
public final class ScoreCheck {

    private ScoreCheck() {}

    /**
     * {@code count} points: the first at {@code theta}, the rest at theta + N(0, 1) noise; states
     * drawn N(0, 1) per element; actions uniform over a discrete set, N(0, 1) per component for a real one
     * (tanh of it for tanh_normal, whose actions lie in (-1, 1)).
     */
    public static List<GradCheck.Point> randomPoints(Policy policy, double[] theta, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<GradCheck.Point> points = new ArrayList<>();
        for (int k = 0; k < count; k++) points.add(draw(policy, theta, random, k > 0));
        return points;
    }

    /** The most points one check may ask for: each costs a forward and a backward sweep per parameter. */
    public static final int MAX_POINTS = 100_000;

    /** How many points are drawn at most per point asked for, when points fall outside the domain. */
    public static final int DRAWS_PER_POINT = 10;

    /** Runs the check at the given points. */
    public static GradCheckReport run(Policy policy, List<GradCheck.Point> points) {
        return run(policy, points, null);
    }

    /**
     * As {@link #run(Policy, List)}, telling {@code progress} (unless null) how many points are done:
     * a point counts when its last method, the symbolic gradient, is evaluated (where that method is
     * skipped, when the next point is drawn).
     */
    public static GradCheckReport run(Policy policy, List<GradCheck.Point> points, java.util.function.LongConsumer progress) {
        return run(policy, points.iterator(), points.size(), points.size(), progress);
    }

    /**
     * Runs the check until {@code count} points were evaluated: the first at {@code theta}, the rest
     * drawn as in {@link #randomPoints}. A point where every method fails alike (theta outside the
     * policy's domain, such as a negative probability) checks nothing; it is counted apart and a
     * replacement is drawn, up to {@link #DRAWS_PER_POINT} draws per point asked for.
     */
    public static GradCheckReport run(Policy policy, double[] theta, int count, long seed) {
        return run(policy, theta, count, seed, null);
    }

    /** As {@link #run(Policy, double[], int, long)}, telling {@code progress} (unless null) the points done. */
    public static GradCheckReport run(Policy policy, double[] theta, int count, long seed,
            java.util.function.LongConsumer progress) {
        if (count < 1 || count > MAX_POINTS) {
            throw new UsageError("a check takes between 1 and " + MAX_POINTS + " points, got " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Iterator<GradCheck.Point> source = new Iterator<>() {
            int drawn;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public GradCheck.Point next() {
                return draw(policy, theta, random, drawn++ > 0);
            }
        };
        return run(policy, source, count, count * DRAWS_PER_POINT, progress);
    }

    private static GradCheckReport run(Policy policy, Iterator<GradCheck.Point> points, int wanted, int maxDraws,
            java.util.function.LongConsumer progress) {
        String[] names = policy.parameterNames().toArray(new String[0]);
        SymbolicGradient symbolic;
        String tooLarge = null;
        try {
            symbolic = SymbolicGradient.of(policy);
        } catch (dev.policygrad.diag.SizeLimitError e) {
            // the other three methods do not need the symbolic derivative: check them and say what was skipped
            symbolic = null;
            tooLarge = GradCheckReport.Method.SYMBOLIC.label() + ": " + e.getMessage();
        }
        int[] started = {0};
        SymbolicGradient s = symbolic;
        Iterator<GradCheck.Point> drawn = s != null || progress == null ? points : new Iterator<>() {
            @Override
            public boolean hasNext() {
                return points.hasNext();
            }

            @Override
            public GradCheck.Point next() {
                // no symbolic method to count a point when it is done: count it when the next one is drawn
                if (started[0] > 0) progress.accept(Math.min(wanted, started[0]));
                started[0]++;
                return points.next();
            }
        };
        GradCheckReport report = GradCheck.check(policy.logPiExpression(), policy.parameters().size(), names, drawn,
                wanted, maxDraws, s == null ? null : p -> {
                    if (progress != null) progress.accept(Math.min(wanted, ++started[0]));
                    return s.evaluate(p.theta(), p.state(), p.actionValues());
                }, GradCheckReport.Tolerances.DEFAULT, dev.policygrad.ad.Backend.preferred());
        if (progress != null) progress.accept(wanted);
        if (tooLarge != null) {
            List<String> skipped = new java.util.ArrayList<>(report.skipped());
            skipped.add(0, tooLarge);
            report = new GradCheckReport(report.parameterNames(), report.tolerances(), report.points(),
                    report.parameters(), report.disagreements(), skipped, report.wanted(), report.unreliable());
        }
        return report;
    }

    private static GradCheck.Point draw(Policy policy, double[] theta, SplittableRandom random, boolean perturb) {
        double[] t = theta.clone();
        if (perturb) for (int i = 0; i < t.length; i++) t[i] += random.nextGaussian();
        double[] s = new double[policy.stateSize()];
        for (int i = 0; i < s.length; i++) s[i] = random.nextGaussian();
        double[] a = new double[policy.actions().size()];
        // a tanh_normal action lies in (-1, 1): drawn as tanh of the Gaussian, every point is in its domain
        boolean bounded = policy.spec().distribution() instanceof dev.policygrad.dist.Distribution.TanhNormal;
        for (int k = 0; k < a.length; k++) {
            a[k] = policy.actions().isDiscrete() ? random.nextInt(policy.actions().count())
                    : bounded ? Math.tanh(random.nextGaussian()) : random.nextGaussian();
        }
        return new GradCheck.Point(t, s, a);
    }
}
