package dev.policygrad.policy;

import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import java.util.ArrayList;
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
     * drawn N(0, 1) per element; actions uniform over a discrete set, N(0, 1) for a real one.
     */
    public static List<GradCheck.Point> randomPoints(Policy policy, double[] theta, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<GradCheck.Point> points = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] t = theta.clone();
            if (k > 0) for (int i = 0; i < t.length; i++) t[i] += random.nextGaussian();
            double[] s = new double[policy.stateSize()];
            for (int i = 0; i < s.length; i++) s[i] = random.nextGaussian();
            double a = policy.actions().isDiscrete() ? random.nextInt(policy.actions().count()) : random.nextGaussian();
            points.add(new GradCheck.Point(t, s, a));
        }
        return points;
    }

    /** Runs the check at the given points. */
    public static GradCheckReport run(Policy policy, List<GradCheck.Point> points) {
        return run(policy, points, null);
    }

    /**
     * As {@link #run(Policy, List)}, telling {@code progress} (unless null) how many points are done:
     * a point counts when its last method, the symbolic gradient, is evaluated.
     */
    public static GradCheckReport run(Policy policy, List<GradCheck.Point> points, java.util.function.IntConsumer progress) {
        String[] names = policy.parameterNames().toArray(new String[0]);
        SymbolicGradient symbolic = SymbolicGradient.of(policy);
        int[] started = {0};
        GradCheckReport report = GradCheck.check(policy.logPiExpression(), policy.parameters().size(), names, points,
                p -> {
                    if (progress != null) progress.accept(++started[0]);
                    return symbolic.evaluate(p.theta(), p.state(), p.action());
                }, GradCheckReport.Tolerances.DEFAULT);
        if (progress != null) progress.accept(points.size());
        return report;
    }
}
