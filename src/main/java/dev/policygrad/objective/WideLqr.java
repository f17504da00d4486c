package dev.policygrad.objective;

import dev.policygrad.env.Lqr;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;

/**
 * {@link LqrObjective}'s moment recursion in 40-digit decimal arithmetic (Commons Math's {@link Dfp}, whose
 * exponents reach 10^&plusmn;131068), for a J or a gradient beyond the doubles: at log_std = 400 the variance
 * sigma^2 = e^800 is not a double, and J ~ -30 e^800 ~ -8.2e348. J is finite mathematics there, linear in
 * sigma^2 for a fixed gain. The recursion is that of the mean m_t and the variance v_t = S_t - m_t^2, in which,
 * with the closed-loop gain c = a + b k1 (s_{t+1} = c s_t + b k0 + b sigma eps + noise),
 * <pre>
 *   m_{t+1} = c m_t + b k0,   v_{t+1} = c^2 v_t + b^2 sigma^2 + noise_std^2,   m_0 = 0,  v_0 = s0_std^2,
 *   E r_{t+1} = -(q (v_t + m_t^2) + r (sigma^2 + (k0 + k1 m_t)^2 + k1^2 v_t)),
 * </pre>
 * the same moments as {@link LqrObjective}'s (S_t = v_t + m_t^2) with only non-negative terms added to v and
 * to the cost, so that for costs q, r &gt;= 0 J keeps its 40 digits, far more than a double's 17. The
 * partial derivatives by (k0, k1, sigma) go along in forward mode.
 *
 * <p>Dfp arithmetic takes about a microsecond an operation, some 60 of them a step: the longest horizon an LQR
 * takes, 100000 steps, costs seconds.
 */
final class WideLqr {

    static final DfpField FIELD = new DfpField(40);

    private WideLqr() {}

    /** A number with its partial derivatives by (k0, k1, sigma): forward mode over Dfp. */
    record Dual(Dfp value, Dfp[] partials) {

        static Dual constant(Dfp c) {
            return new Dual(c, new Dfp[] {FIELD.getZero(), FIELD.getZero(), FIELD.getZero()});
        }

        /** The variable number {@code i} (0 for k0, 1 for k1, 2 for sigma) at x. */
        static Dual variable(Dfp x, int i) {
            Dual d = constant(x);
            d.partials[i] = FIELD.getOne();
            return d;
        }

        Dual add(Dual o) {
            Dfp[] p = new Dfp[3];
            for (int i = 0; i < 3; i++) p[i] = partials[i].add(o.partials[i]);
            return new Dual(value.add(o.value), p);
        }

        Dual add(Dfp c) {
            return new Dual(value.add(c), partials);
        }

        Dual multiply(Dual o) {
            Dfp[] p = new Dfp[3];
            for (int i = 0; i < 3; i++) p[i] = partials[i].multiply(o.value).add(value.multiply(o.partials[i]));
            return new Dual(value.multiply(o.value), p);
        }

        Dual multiply(Dfp c) {
            Dfp[] p = new Dfp[3];
            for (int i = 0; i < 3; i++) p[i] = partials[i].multiply(c);
            return new Dual(value.multiply(c), p);
        }
    }

    /** J with its partial derivatives by (k0, k1, sigma). */
    static Dual objective(Lqr lqr, double k0, double k1, Dfp sigma) {
        Dfp a = dfp(lqr.a()), b = dfp(lqr.b()), q = dfp(lqr.q()), r = dfp(lqr.r()), gamma = dfp(lqr.gamma());
        Dual gain0 = Dual.variable(dfp(k0), 0), gain1 = Dual.variable(dfp(k1), 1), std = Dual.variable(sigma, 2);
        Dual variance = std.multiply(std);
        Dual closedLoop = gain1.multiply(b).add(a);
        Dual loopSquared = closedLoop.multiply(closedLoop);
        Dual injected = variance.multiply(b.multiply(b)).add(dfp(lqr.noiseStd()).multiply(dfp(lqr.noiseStd())));
        Dual m = Dual.constant(FIELD.getZero());
        Dual v = Dual.constant(dfp(lqr.s0Std()).multiply(dfp(lqr.s0Std())));
        Dual j = Dual.constant(FIELD.getZero());
        Dfp discount = FIELD.getOne();
        for (int t = 0; t < lqr.horizon(); t++) {
            Dual u = gain0.add(gain1.multiply(m));
            Dual stateCost = v.add(m.multiply(m)).multiply(q);
            Dual actionCost = variance.add(u.multiply(u)).add(gain1.multiply(gain1).multiply(v)).multiply(r);
            j = j.add(stateCost.add(actionCost).multiply(discount.negate()));
            m = closedLoop.multiply(m).add(gain0.multiply(b));
            v = loopSquared.multiply(v).add(injected);
            discount = discount.multiply(gamma);
        }
        return j;
    }

    static Dfp dfp(double x) {
        return FIELD.newDfp(x);
    }
}
