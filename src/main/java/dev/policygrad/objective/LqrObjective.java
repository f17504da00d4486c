package dev.policygrad.objective;

import dev.policygrad.ad.Program;
import dev.policygrad.ad.Tape;
import dev.policygrad.dist.Distribution;
import dev.policygrad.env.Lqr;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.policy.Policy;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpMath;

/**
 * The exact objective of a Gaussian policy u ~ N(k0 + k1 s, sigma^2) (mean affine in s, std free of
 * s) on scalar {@link Lqr}, from the recursion of the first two moments m_t = E s_t, S_t = E s_t^2:
 * <pre>
 *   E u_t = k0 + k1 m_t,   E u_t^2 = sigma^2 + k0^2 + 2 k0 k1 m_t + k1^2 S_t,   E s_t u_t = k0 m_t + k1 S_t
 *   E r_{t+1} = -(q S_t + r E u_t^2)
 *   m_{t+1} = a m_t + b E u_t,   S_{t+1} = a^2 S_t + 2 a b E s_t u_t + b^2 E u_t^2 + noise_std^2
 *   J = sum_{t=0}^{H-1} gamma^t E r_{t+1},   m_0 = 0,  S_0 = s0_std^2
 * </pre>
 * (the LQR of Fazel et al. 2018, here finite-horizon, discounted, with exploration noise). The
 * recursion runs in forward mode over (k0, k1, sigma) with Commons Math's DerivativeStructure, and
 * the chain rule through the policy's compiled mean and std gives dJ/dtheta.
 *
 * <p>k0 = mean(s = 0) and k1 = mean(1) - mean(0) are exact because {@link StateDependence} has shown
 * the mean affine in s from its symbolic derivative; mean(2) is evaluated as well, as a numerical
 * check of that.
 *
 * <p><b>Beyond the doubles.</b> Where J or an entry of its gradient comes out of the doubles' recursion not
 * finite, the recursion is done again in 40-digit arithmetic ({@link WideLqr}), and the result is rounded to
 * doubles where it is one, and otherwise an error saying what it is ("J is about -8.23763e+348" at
 * log_std = 400 in examples/lqr). A std written {@code exp(l)} enters it as e^l from l, its logarithm, so that
 * a std beyond the doubles (l &gt; 709.78) is no obstacle, and its gradient through dl/dtheta.
 * Holds tapes, so an instance is for one thread.
 */
public final class LqrObjective {

    private final Lqr lqr;
    private final Policy policy;
    private final Tape mean;
    private final Tape std;
    private final Tape logStd; // l of a std written exp(l), else null
    private final double[] at = new double[1];

    private LqrObjective(Lqr lqr, Policy policy, Distribution.Normal normal) {
        this.lqr = lqr;
        this.policy = policy;
        int p = policy.parameters().size();
        this.mean = Program.compile(normal.mean(), p).newTape();
        this.std = Program.compile(normal.std(), p).newTape();
        this.logStd = normal.std() instanceof Node.Apply exp && exp.op() == Ops.EXP
                ? Program.compile(exp.arg(0), p).newTape() : null;
    }

    /** Why the exact LQR objective does not apply to this policy, or null when it does. */
    public static String whyNotExact(Policy policy) {
        if (!(policy.spec().distribution() instanceof Distribution.Normal normal)) {
            return "the policy is not written as normal(mean = ..., std = ...)";
        }
        if (!StateDependence.affine(normal.mean())) {
            return "the policy's mean is not affine in the state";
        }
        if (StateDependence.readsState(normal.std())) {
            return "the policy's std depends on the state";
        }
        return null;
    }

    /** The exact objective, or null when {@link #whyNotExact} gives a reason. */
    public static LqrObjective of(Lqr lqr, Policy policy) {
        if (whyNotExact(policy) != null) return null;
        return new LqrObjective(lqr, policy, (Distribution.Normal) policy.spec().distribution());
    }

    /** J(theta); +-Infinity where J is beyond the doubles ({@link #evaluate} says what it is). */
    public double value(double[] theta) {
        double[] k = coefficients(theta);
        double j = moments(new DerivativeStructure(3, 1, 0, k[0]), new DerivativeStructure(3, 1, 1, k[1]),
                new DerivativeStructure(3, 1, 2, k[2])).getValue();
        if (Double.isFinite(j)) return j;
        return Objectives.toDouble(WideLqr.objective(lqr, k[0], k[1], wideStd(theta, k[2])).value());
    }

    /** dJ/dtheta by forward mode through the moment recursion and the chain rule. */
    public double[] gradient(double[] theta) {
        return evaluate(theta).gradient();
    }

    /** dJ/dtheta by the 6-point central stencil on the exact J: an independent check. */
    public double[] finiteDifferenceGradient(double[] theta) {
        return ObjectiveDifferences.gradient(this::value, theta);
    }

    public ObjectiveResult evaluate(double[] theta) {
        int p = theta.length;
        double[] k = coefficients(theta);
        DerivativeStructure j = moments(new DerivativeStructure(3, 1, 0, k[0]), new DerivativeStructure(3, 1, 1, k[1]),
                new DerivativeStructure(3, 1, 2, k[2]));
        double[] dk0 = new double[p];
        double[] dMeanAtOne = new double[p];
        meanAt(theta, 0);
        mean.backward(dk0);
        meanAt(theta, 1);
        mean.backward(dMeanAtOne);
        double jk0 = j.getPartialDerivative(1, 0, 0);
        double jk1 = j.getPartialDerivative(0, 1, 0);
        double jSigma = j.getPartialDerivative(0, 0, 1);
        double[] gradient = new double[p];
        boolean finite = Double.isFinite(j.getValue());
        if (finite) {
            double[] dSigma = new double[p];
            std.forward(theta, at, 0);
            std.backward(dSigma);
            for (int i = 0; i < p; i++) {
                gradient[i] = jk0 * dk0[i] + jk1 * (dMeanAtOne[i] - dk0[i]) + jSigma * dSigma[i];
                finite &= Double.isFinite(gradient[i]);
            }
        }
        String method = "exact: moment recursion of the LQR over " + lqr.horizon() + " steps";
        if (finite) {
            return new ObjectiveResult(j.getValue(), gradient, policy.parameterNames(),
                    method + "; gradient by forward mode and the chain rule", Double.NaN, "");
        }
        method += " in 40-digit arithmetic, as it leaves the doubles; gradient by forward mode and the chain rule";
        Dfp sigma = wideStd(theta, k[2]);
        WideLqr.Dual wide = WideLqr.objective(lqr, k[0], k[1], sigma);
        // through sigma = exp(l): dJ/dl = dJ/dsigma sigma, as d sigma / d theta (sigma dl/dtheta) may overflow
        Dfp[] partials = wide.partials();
        double[] dSigma = new double[p];
        Dfp sigmaPartial = partials[2];
        if (logStd != null) {
            logStd.forward(theta, at, 0);
            logStd.backward(dSigma);
            sigmaPartial = sigmaPartial.multiply(sigma);
        } else {
            std.forward(theta, at, 0);
            std.backward(dSigma);
        }
        double value = Objectives.fit(wide.value(), "J", lqr, method, policy);
        for (int i = 0; i < p; i++) {
            Dfp g = partials[0].multiply(WideLqr.dfp(dk0[i])).add(partials[1].multiply(WideLqr.dfp(dMeanAtOne[i] - dk0[i])))
                    .add(sigmaPartial.multiply(WideLqr.dfp(dSigma[i])));
            gradient[i] = Objectives.fit(g, "dJ / d" + policy.parameterNames().get(i), lqr, method, policy);
        }
        return new ObjectiveResult(value, gradient, policy.parameterNames(), method, Double.NaN, "");
    }

    /** sigma in Dfp: e^l from l for a std written exp(l), else the std as evaluated ({@code sigma}). */
    private Dfp wideStd(double[] theta, double sigma) {
        if (logStd == null) return WideLqr.dfp(sigma);
        at[0] = 0;
        return DfpMath.exp(WideLqr.dfp(logStd.forward(theta, at, 0)));
    }

    /** (k0, k1, sigma) at theta. */
    private double[] coefficients(double[] theta) {
        double m0 = meanAt(theta, 0);
        double m1 = meanAt(theta, 1);
        double m2 = meanAt(theta, 2);
        if (Math.abs(m2 - 2 * m1 + m0) > 1e-9 * (1 + Math.abs(m0) + Math.abs(m1) + Math.abs(m2))) {
            throw new IllegalStateException("the mean was judged affine in s, but mean(0), mean(1), mean(2) = "
                    + m0 + ", " + m1 + ", " + m2);
        }
        at[0] = 0;
        double sigma = std.forward(theta, at, 0);
        return new double[] {m0, m1 - m0, sigma};
    }

    private double meanAt(double[] theta, double s) {
        at[0] = s;
        return mean.forward(theta, at, 0);
    }

    private DerivativeStructure moments(DerivativeStructure k0, DerivativeStructure k1, DerivativeStructure sigma) {
        double a = lqr.a();
        double b = lqr.b();
        DerivativeStructure m = k0.multiply(0);
        DerivativeStructure second = m.add(lqr.s0Std() * lqr.s0Std());
        DerivativeStructure j = m;
        double discount = 1;
        double noise = lqr.noiseStd() * lqr.noiseStd();
        for (int t = 0; t < lqr.horizon(); t++) {
            DerivativeStructure u = k0.add(k1.multiply(m));
            DerivativeStructure u2 = sigma.multiply(sigma).add(k0.multiply(k0)).add(k0.multiply(k1).multiply(m).multiply(2))
                    .add(k1.multiply(k1).multiply(second));
            DerivativeStructure su = k0.multiply(m).add(k1.multiply(second));
            j = j.subtract(second.multiply(lqr.q()).add(u2.multiply(lqr.r())).multiply(discount));
            DerivativeStructure nextM = m.multiply(a).add(u.multiply(b));
            second = second.multiply(a * a).add(su.multiply(2 * a * b)).add(u2.multiply(b * b)).add(noise);
            m = nextM;
            discount *= lqr.gamma();
        }
        return j;
    }
}
