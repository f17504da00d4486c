package dev.policygrad.ad;

import dev.policygrad.ad.GradCheckReport.Disagreement;
import dev.policygrad.ad.GradCheckReport.Method;
import dev.policygrad.ad.GradCheckReport.Outcome;
import dev.policygrad.ad.GradCheckReport.ParameterResult;
import dev.policygrad.ad.GradCheckReport.PointResult;
import dev.policygrad.ad.GradCheckReport.Tolerances;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks the gradient of a scalar IR output, in the spirit of {@code torch.autograd.gradcheck} and of
 * Stan Math's test framework: at each point, reverse mode (the compiled {@link Tape}) is compared
 * with forward mode ({@link ForwardMode}, Commons Math), with finite differences
 * ({@link FiniteDifferences}) and, when given, with a symbolic gradient. Agreement means
 * <ul>
 *   <li>every partial derivative agrees within the {@link Tolerances} of its method, and forward
 *       mode's value agrees with the tape's;</li>
 *   <li>where plain evaluation fails with an {@link EvalError}, every method fails with the same
 *       message at the same source span (failing alike is agreement; failing alone, or not failing
 *       where the others do, is a disagreement).</li>
 * </ul>
 * A partial that finite differences cannot estimate (the point is too close to the domain's edge)
 * is left unchecked by them, not counted against the others; so is one where they differ from
 * reverse mode but cannot vouch for themselves (their estimates at steps h and h / 2 differ beyond
 * the tolerance, {@link FiniteDifferences.Result#reliable}): the report lists it as
 * {@link GradCheckReport.Unreliable}, and there the verdict rests on the other methods. A point
 * where log pi itself is not finite (every method overflows alike) checks nothing, like one where
 * every method fails alike.
 */
public final class GradCheck {

    private GradCheck() {}

    /**
     * Where a gradient is checked: theta, the state and the action's components (one for every scalar
     * action, K for {@code a[K] : real}).
     */
    public record Point(double[] theta, double[] state, double[] actionValues) {
        /** A point with a scalar action (an index, or a real value). */
        public Point(double[] theta, double[] state, double action) {
            this(theta, state, new double[] {action});
        }

        /** The action when it is a scalar (the first component otherwise). */
        public double action() {
            return actionValues[0];
        }
    }

    /** Checks reverse mode against forward mode and finite differences with the default tolerances. */
    /** The most parameters for which forward mode is run; beyond it the report says it was skipped. */
    public static final int FORWARD_MODE_LIMIT = 1100;

    /**
     * The most parameters for which finite differences are run: they take several evaluations of the
     * whole tape per parameter, so their cost grows with the square of the count.
     */
    public static final int FINITE_DIFFERENCE_LIMIT = 20_000;

    public static GradCheckReport check(Node output, int parameterCount, String[] parameterNames, List<Point> points) {
        return check(output, parameterCount, parameterNames, points, null, Tolerances.DEFAULT);
    }

    /**
     * Checks reverse mode against forward mode, finite differences and, unless null, {@code symbolic}
     * (a gradient provider that may throw {@link EvalError} where the output is undefined), at every
     * one of {@code points}.
     */
    public static GradCheckReport check(Node output, int parameterCount, String[] parameterNames, List<Point> points,
            Function<Point, double[]> symbolic, Tolerances tolerances) {
        return check(output, parameterCount, parameterNames, points, symbolic, tolerances, Backend.preferred());
    }

    /** As {@link #check(Node, int, String[], List, Function, Tolerances)}, reverse mode on the given backend. */
    public static GradCheckReport check(Node output, int parameterCount, String[] parameterNames, List<Point> points,
            Function<Point, double[]> symbolic, Tolerances tolerances, Backend backend) {
        return check(output, parameterCount, parameterNames, points.iterator(), points.size(), points.size(), symbolic,
                tolerances, backend);
    }

    /**
     * Checks at points drawn from {@code source} until {@code wanted} of them were evaluated — a point
     * where every method fails alike (the parameters are outside the policy's domain) checks nothing,
     * so it is counted apart and another point is drawn — or until {@code maxDraws} points were drawn.
     */
    public static GradCheckReport check(Node output, int parameterCount, String[] parameterNames,
            Iterator<Point> source, int wanted, int maxDraws, Function<Point, double[]> symbolic,
            Tolerances tolerances, Backend backend) {
        boolean forward = parameterCount <= FORWARD_MODE_LIMIT;
        boolean differences = parameterCount <= FINITE_DIFFERENCE_LIMIT;
        if (parameterNames.length != parameterCount) {
            throw new IllegalArgumentException(parameterNames.length + " names for " + parameterCount + " parameters");
        }
        Program program = Program.compile(output, parameterCount);
        if (program.outputShape(0).size() != 1) throw new IllegalArgumentException("gradcheck needs a scalar output");
        Tape tape = program.newTape(backend);
        Tape plain = program.newTape(backend);
        List<PointResult> results = new ArrayList<>();
        List<Disagreement> disagreements = new ArrayList<>();
        double[] worst = new double[parameterCount];
        double[] worstRatio = new double[parameterCount];
        Method[] worstMethod = new Method[parameterCount];
        int[] worstPoint = new int[parameterCount];
        List<GradCheckReport.Unreliable> unreliable = new ArrayList<>();
        int evaluated = 0;
        for (int p = 0; evaluated < wanted && p < maxDraws && source.hasNext(); p++) {
            Point point = source.next();
            List<Outcome> outcomes = new ArrayList<>();
            outcomes.add(run(Method.REVERSE, () -> {
                double value = tape.forward(point.theta(), point.state(), point.actionValues(), 0);
                double[] gradient = new double[parameterCount];
                tape.backward(gradient);
                return new Outcome(Method.REVERSE, value, gradient, null, null, null, null);
            }));
            if (forward) {
                outcomes.add(run(Method.FORWARD, () -> {
                    ForwardMode.Result r = ForwardMode.gradient(output, parameterCount, point.theta(), point.state(),
                            point.actionValues(), new double[0]);
                    return new Outcome(Method.FORWARD, r.value(), r.gradient(), null, null, null, null);
                }));
            }
            FiniteDifferences.Result[] fd = new FiniteDifferences.Result[1];
            if (differences) outcomes.add(run(Method.FINITE_DIFFERENCES, () -> {
                FiniteDifferences.Result r = FiniteDifferences.gradient(
                        theta -> plain.forward(theta, point.state(), point.actionValues(), 0), point.theta());
                fd[0] = r;
                return new Outcome(Method.FINITE_DIFFERENCES, Double.NaN, r.gradient(), r.errorEstimate(), null, null, null);
            }));
            if (symbolic != null) {
                outcomes.add(run(Method.SYMBOLIC, () -> new Outcome(Method.SYMBOLIC, Double.NaN,
                        symbolic.apply(point), null, null, null, null)));
            }
            Outcome reference = outcomes.get(0);
            if (notFinite(outcomes)) {
                // log pi overflows to +-Infinity (or NaN) for every method that evaluates it: the point
                // is outside where the policy can be evaluated, and checks nothing
                results.add(new PointResult(p, point, outcomes, false));
                continue;
            }
            int before = disagreements.size();
            // finite differences last, so that they know whether the others agree where they cannot vouch
            for (Outcome other : outcomes.subList(1, outcomes.size())) {
                if (other.method() == Method.FINITE_DIFFERENCES) continue;
                compare(p, reference, other, parameterNames, tolerances, disagreements, worst, worstRatio,
                        worstMethod, worstPoint, null, null, List.of());
            }
            for (Outcome other : outcomes) {
                if (other.method() != Method.FINITE_DIFFERENCES) continue;
                List<Method> others = outcomes.stream().map(Outcome::method)
                        .filter(m -> m != Method.REVERSE && m != Method.FINITE_DIFFERENCES).toList();
                compare(p, reference, other, parameterNames, tolerances, disagreements.subList(before,
                        disagreements.size()), worst, worstRatio, worstMethod, worstPoint, fd[0], unreliable, others);
            }
            boolean checkedNothing = outcomes.stream().allMatch(Outcome::failed) && disagreements.size() == before;
            if (!checkedNothing) evaluated++;
            results.add(new PointResult(p, point, outcomes, !checkedNothing));
        }
        List<ParameterResult> parameters = new ArrayList<>();
        for (int i = 0; i < parameterCount; i++) {
            parameters.add(new ParameterResult(i, parameterNames[i], worst[i], worstMethod[i], worstPoint[i],
                    worstRatio[i] <= 1));
        }
        List<String> skipped = new ArrayList<>();
        if (!forward) {
            skipped.add(Method.FORWARD.label() + ": " + parameterCount + " parameters, more than the "
                    + FORWARD_MODE_LIMIT + " that Commons Math's DerivativeStructure can carry"
                    + " (its cost grows with the square of the count and its tables with the cube)");
        }
        if (!differences) {
            skipped.add(Method.FINITE_DIFFERENCES.label() + ": " + parameterCount + " parameters, more than the "
                    + FINITE_DIFFERENCE_LIMIT + " for which they finish in reasonable time (several sweeps of the"
                    + " whole tape per parameter)");
        }
        return new GradCheckReport(Arrays.asList(parameterNames), tolerances, results, parameters, disagreements, skipped,
                wanted, unreliable);
    }

    private interface Attempt {
        Outcome get();
    }

    private static Outcome run(Method method, Attempt attempt) {
        try {
            return attempt.get();
        } catch (EvalError e) {
            return new Outcome(method, Double.NaN, null, null, e.getMessage(), e.span(), e.operation());
        } catch (RuntimeException e) {
            // a provider that crashes disagrees with every method that does not
            return new Outcome(method, Double.NaN, null, null, e.toString(), Span.NONE, null);
        }
    }

    /**
     * Whether log pi is not finite at this point for every method that gives it: reverse mode's
     * value, and forward mode's where it ran (a method that failed gives none).
     */
    private static boolean notFinite(List<Outcome> outcomes) {
        Outcome reverse = outcomes.get(0);
        if (reverse.failed() || Double.isFinite(reverse.value())) return false;
        for (Outcome o : outcomes) {
            if (o.method() == Method.FORWARD && !o.failed() && Double.isFinite(o.value())) return false;
        }
        return true;
    }

    /**
     * Compares {@code other} with reverse mode, adding disagreements to {@code out}. For finite
     * differences, {@code fd} is their result: a partial that disagrees but whose estimates at steps
     * h and h / 2 differ beyond the tolerance goes to {@code unreliable} instead, with {@code others}
     * (the methods that checked it too) and whether they agreed ({@code out} holds this point's
     * disagreements so far).
     */
    private static void compare(int point, Outcome reference, Outcome other, String[] names, Tolerances tolerances,
            List<Disagreement> out, double[] worst, double[] worstRatio, Method[] worstMethod, int[] worstPoint,
            FiniteDifferences.Result fd, List<GradCheckReport.Unreliable> unreliable, List<Method> others) {
        Method method = other.method();
        if (reference.failed() || other.failed()) {
            if (reference.failed() && other.failed() && sameFailure(reference, other)) {
                return;
            }
            String reason = !other.failed() ? "succeeds where plain evaluation fails: " + describe(reference)
                    : !reference.failed() ? "fails where plain evaluation succeeds: " + describe(other)
                    : "fails differently: " + describe(other) + " instead of " + describe(reference);
            out.add(new Disagreement(point, method, -1, null, Double.NaN, Double.NaN, Double.NaN, reason));
            return;
        }
        double relative = tolerances.relative(method), absolute = tolerances.absolute(method);
        if (!Double.isNaN(other.value())) {
            double error = relativeError(reference.value(), other.value(), absolute / relative);
            if (error > relative) {
                out.add(new Disagreement(point, method, -1, "value", reference.value(), other.value(), error,
                        "value " + other.value() + " vs " + reference.value()));
            }
        }
        double[] r = reference.gradient(), g = other.gradient();
        if (g == null || g.length != r.length) {
            out.add(new Disagreement(point, method, -1, null, Double.NaN, Double.NaN, Double.NaN,
                    "gave " + (g == null ? "no gradient" : g.length + " partials") + " for " + r.length + " parameters"));
            return;
        }
        for (int i = 0; i < r.length; i++) {
            if (method == Method.FINITE_DIFFERENCES && other.errorEstimate()[i] == Double.POSITIVE_INFINITY) continue;
            double error = relativeError(r[i], g[i], absolute / relative);
            if (!(error <= relative) && fd != null && !fd.reliable(i, relative)) {
                int parameter = i;
                boolean othersAgree = out.stream().noneMatch(d -> d.parameter() == parameter || d.parameter() == -1);
                unreliable.add(new GradCheckReport.Unreliable(point, i, names[i], r[i], g[i], fd.step()[i],
                        fd.halfStep()[i], others, othersAgree));
                continue;
            }
            double ratio = error / relative;
            if (!(ratio <= worstRatio[i]) && !Double.isNaN(worstRatio[i])) {
                worstRatio[i] = ratio;
                worst[i] = error;
                worstMethod[i] = method;
                worstPoint[i] = point;
            }
            if (!(error <= relative)) {
                out.add(new Disagreement(point, method, i, names[i], r[i], g[i], error,
                        "d/d" + names[i] + " = " + g[i] + ", reverse mode " + r[i] + " (relative error " + error + ")"));
            }
        }
    }

    /** {@code |a - b| / max(|a|, |b|, floor)}: 0 when equal (also both infinite or both NaN), NaN when one is NaN. */
    static double relativeError(double a, double b, double floor) {
        if (Double.compare(a, b) == 0 || a == b) return 0;
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.NaN;
        if (Double.isInfinite(a) || Double.isInfinite(b)) return Double.POSITIVE_INFINITY;
        return Math.abs(a - b) / Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
    }

    /**
     * Two failures are the same when they are at the same operation and source position; the message
     * text is compared only when an evaluator does not name the operation (it may print a different
     * digit of the offending argument).
     */
    private static boolean sameFailure(Outcome a, Outcome b) {
        if (!sameSpan(a.errorSpan(), b.errorSpan())) return false;
        if (a.operation() != null && b.operation() != null) return a.operation().equals(b.operation());
        return a.error().equals(b.error());
    }

    /** Spans compare equal by design (they are not part of a node's meaning), so compare positions. */
    private static boolean sameSpan(Span a, Span b) {
        return Objects.equals(a.file(), b.file()) && a.line() == b.line() && a.column() == b.column()
                && a.start() == b.start() && a.end() == b.end();
    }

    private static String describe(Outcome outcome) {
        Span span = outcome.errorSpan();
        return (span == null || span == Span.NONE ? "" : span.where() + ": ") + outcome.error();
    }
}
