package dev.policygrad.verify;

import dev.policygrad.env.Environment;
import java.util.SplittableRandom;

/**
 * Scalar LQR written for these tests: s_0 ~ N(0, sigma0^2), s' = a s + b u, reward -(q s^2 + r u^2),
 * discount gamma, horizon H. Under the Gaussian policy u ~ N(-k s, std^2) its objective has a closed
 * form: with m_t = E[s_t^2], m_0 = sigma0^2, m_{t+1} = (a - b k)^2 m_t + b^2 std^2,
 * J(k, std) = -sum_{t &lt; H} gamma^t ((q + r k^2) m_t + r std^2).
 */
record ScalarLqr(double a, double b, double q, double r, double sigma0, double gamma, int horizon)
        implements Environment {

    /** J(k, log_std) by the closed form. */
    double objective(double k, double logStd) {
        double variance = Math.exp(2 * logStd);
        double m = sigma0 * sigma0;
        double discount = 1;
        double j = 0;
        for (int t = 0; t < horizon; t++) {
            j -= discount * ((q + r * k * k) * m + r * variance);
            m = (a - b * k) * (a - b * k) * m + b * b * variance;
            discount *= gamma;
        }
        return j;
    }

    @Override public String name() { return "scalar_lqr"; }
    @Override public int observationSize() { return 1; }

    @Override
    public Simulator newSimulator() {
        return new Simulator() {
            double s;

            @Override
            public void reset(SplittableRandom random, double[] observation) {
                s = sigma0 * random.nextGaussian();
                observation[0] = s;
            }

            @Override
            public double step(double u, SplittableRandom random, double[] observation) {
                double reward = -(q * s * s + r * u * u);
                s = a * s + b * u;
                observation[0] = s;
                return reward;
            }

            @Override
            public boolean terminal() {
                return false;
            }
        };
    }
}
