package dev.policygrad.prove;

import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ad.Program;
import dev.policygrad.ad.Simplifier;
import dev.policygrad.ad.Tape;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.ClaimSpec;
import dev.policygrad.diag.EvalError;
import dev.policygrad.diag.UsageError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.policy.ScoreCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks the {@code claim lhs = rhs} declarations of a program. Each claim gets one of the verdicts
 * of {@link ClaimVerdict}:
 * <ol>
 *   <li>both sides are evaluated at random points (parameters and a real action drawn from N(0, 1),
 *       a state from N(0, 1) element-wise, a discrete action uniformly), the first point being all
 *       zeros; two values agree when {@code |l - r| <= tol (1 + max(|l|, |r|))}. The first point where
 *       they do not is a counterexample, and the claim is refuted;</li>
 *   <li>otherwise both sides are {@link Simplifier simplified} into one fresh graph, which shares equal
 *       subexpressions; when they become the same node they have one normal form and the claim is
 *       proved (every rewrite is an identity of real arithmetic);</li>
 *   <li>otherwise the claim holds numerically at the points checked, which is not a proof.</li>
 * </ol>
 * Points where either side leaves its domain (a log of a negative number) are skipped and counted;
 * when fewer than a tenth of the points remain, the claim is undecided.
 */
public final class Claims {

    /** Relative tolerance: a few hundred ulps of accumulated rounding, far below any real difference. */
    public static final double TOLERANCE = 1e-9;

    private final CheckedProgram program;
    private final int points;
    private final long seed;

    private Claims(CheckedProgram program, int points, long seed) {
        this.program = program;
        this.points = points;
        this.seed = seed;
    }

    /** A checker evaluating each claim at {@code points} points drawn from {@code seed}. */
    public static Claims of(CheckedProgram program, int points, long seed) {
        if (points < 1 || points > ScoreCheck.MAX_POINTS) {
            throw new UsageError("claims are compared at between 1 and " + ScoreCheck.MAX_POINTS + " points, got " + points);
        }
        return new Claims(program, points, seed);
    }

    /** One verdict per claim, in the order written. */
    public List<ClaimVerdict> check() {
        List<ClaimVerdict> out = new ArrayList<>();
        for (ClaimSpec claim : program.claims()) out.add(check(claim));
        return out;
    }

    private ClaimVerdict check(ClaimSpec claim) {
        int p = program.parameters().size();
        Tape lhs = Program.compile(claim.lhs(), p).newTape();
        Tape rhs = Program.compile(claim.rhs(), p).newTape();
        int n = claim.lhs().shape().size();
        double[] l = new double[n], r = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        int evaluated = 0, skipped = 0;
        double worst = 0;
        for (int k = 0; k < points; k++) {
            double[] theta = new double[p];
            double[] state = new double[program.state() == null ? 0 : program.state().shape().size()];
            double[] action = new double[program.actions() == null ? 1 : program.actions().size()];
            if (k > 0) {
                for (int i = 0; i < p; i++) theta[i] = normal(random);
                for (int i = 0; i < state.length; i++) state[i] = normal(random);
                for (int i = 0; i < action.length; i++) action[i] = drawAction(random);
            }
            try {
                lhs.forward(theta, state, action, 0);
                rhs.forward(theta, state, action, 0);
            } catch (EvalError outsideDomain) {
                skipped++;
                continue;
            }
            lhs.output(0, l);
            rhs.output(0, r);
            evaluated++;
            for (int i = 0; i < n; i++) {
                if (!agree(l[i], r[i])) {
                    return new ClaimVerdict(claim.name(), claim.text(), ClaimVerdict.Kind.REFUTED, normalForms(claim),
                            evaluated, skipped, TOLERANCE, worst, counterexample(theta, state, action, l, r));
                }
                if (Double.isFinite(l[i]) && Double.isFinite(r[i])) worst = Math.max(worst, Math.abs(l[i] - r[i]));
            }
        }
        Graph g = new Graph();
        Simplifier simplifier = new Simplifier(g);
        Node left = simplifier.simplify(claim.lhs()), right = simplifier.simplify(claim.rhs());
        boolean same = left == right;
        ClaimVerdict.Kind kind = same ? ClaimVerdict.Kind.PROVED
                : evaluated < Math.max(1, points / 10) ? ClaimVerdict.Kind.UNDECIDED : ClaimVerdict.Kind.HOLDS_NUMERICALLY;
        String form = same ? ExprPrinter.infix(left) : ExprPrinter.infix(left) + "  |  " + ExprPrinter.infix(right);
        return new ClaimVerdict(claim.name(), claim.text(), kind, form, evaluated, skipped, TOLERANCE, worst, null);
    }

    private String normalForms(ClaimSpec claim) {
        Graph g = new Graph();
        Simplifier simplifier = new Simplifier(g);
        return ExprPrinter.infix(simplifier.simplify(claim.lhs())) + "  |  " + ExprPrinter.infix(simplifier.simplify(claim.rhs()));
    }

    static boolean agree(double l, double r) {
        if (Double.isNaN(l) || Double.isNaN(r)) return Double.isNaN(l) && Double.isNaN(r);
        if (Double.isInfinite(l) || Double.isInfinite(r)) return l == r;
        return Math.abs(l - r) <= TOLERANCE * (1 + Math.max(Math.abs(l), Math.abs(r)));
    }

    private double drawAction(SplittableRandom random) {
        ActionSpace actions = program.actions();
        if (actions == null) return 0;
        return actions.real() ? normal(random) : random.nextInt(actions.count());
    }

    private ClaimVerdict.Counterexample counterexample(double[] theta, double[] state, double[] action, double[] l,
            double[] r) {
        ActionSpace actions = program.actions();
        String a = actions == null ? "" : actions.isVector() ? java.util.Arrays.toString(action)
                : actions.real() ? Double.toString(action[0]) : actions.label((int) action[0]);
        return new ClaimVerdict.Counterexample(program.parameters().names(), theta.clone(), state.clone(), a, l.clone(),
                r.clone());
    }

    /** A standard normal draw (Box-Muller), so that points depend on the seed alone. */
    private static double normal(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
