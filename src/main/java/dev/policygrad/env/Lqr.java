package dev.policygrad.env;

import java.util.SplittableRandom;

/**
 * Scalar linear-quadratic regulation (as studied for policy gradients by Fazel et al. 2018):
 * s_{t+1} = a s_t + b u_t + noise_std * N(0, 1), reward r_{t+1} = -(q s_t^2 + r u_t^2) (a cost of
 * the state before the step and of the action taken), s_0 ~ N(0, s0_std^2), a real action u and a
 * fixed horizon. The policy observes s.
 *
 * @param a          how the state carries over
 * @param b          how the action moves the state
 * @param q          the state cost weight
 * @param r          the action cost weight
 * @param s0Std      the standard deviation of s_0
 * @param noiseStd   the standard deviation of the process noise
 * @param horizon    the number of steps
 * @param gamma      the discount
 */
public record Lqr(double a, double b, double q, double r, double s0Std, double noiseStd, int horizon, double gamma)
        implements Environment {

    @Override
    public String name() {
        return "lqr";
    }

    @Override
    public int observationSize() {
        return 1;
    }

    @Override
    public Simulator newSimulator() {
        return new Simulator() {
            private double s;

            @Override
            public void reset(SplittableRandom random, double[] observation) {
                s = s0Std * random.nextGaussian();
                observation[0] = s;
            }

            @Override
            public double step(double u, SplittableRandom random, double[] observation) {
                double reward = -(q * s * s + r * u * u);
                s = a * s + b * u + (noiseStd == 0 ? 0 : noiseStd * random.nextGaussian());
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
