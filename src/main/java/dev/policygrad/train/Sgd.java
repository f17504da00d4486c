package dev.policygrad.train;

import java.util.Map;

/**
 * Stochastic gradient ascent: theta &lt;- theta + alpha g, with g an estimate of grad J(theta).
 * With the REINFORCE estimate of g this is Williams' (1992) REINFORCE update, here averaged over a
 * batch of episodes instead of applied after each one (Sutton &amp; Barto 2018, section 13.3).
 */
final class Sgd implements Optimizer {

    private final double learningRate;
    private long steps;

    public Sgd(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    static Sgd restore(OptimizerState state) {
        Sgd sgd = new Sgd(state.setting("learning_rate"));
        sgd.steps = state.steps();
        return sgd;
    }

    @Override
    public String kind() {
        return "sgd";
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(double[] theta, double[] gradient) {
        for (int i = 0; i < theta.length; i++) theta[i] += learningRate * gradient[i];
        steps++;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(kind(), Map.of("learning_rate", learningRate), steps, Map.of());
    }
}
