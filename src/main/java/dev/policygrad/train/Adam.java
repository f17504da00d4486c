package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1), turned to ascend J. At step t, with g_t an estimate of
 * grad J(theta):
 * <pre>
 *   m_t = beta1 m_{t-1} + (1 - beta1) g_t            (first moment)
 *   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2          (second moment, element-wise)
 *   m^_t = m_t / (1 - beta1^t),  v^_t = v_t / (1 - beta2^t)    (bias correction)
 *   theta_t = theta_{t-1} + alpha m^_t / (sqrt(v^_t) + eps)
 * </pre>
 * with m_0 = v_0 = 0 and the paper's defaults beta1 = 0.9, beta2 = 0.999, eps = 1e-8.
 */
final class Adam implements Optimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long steps;
    private double[] firstMoment;
    private double[] secondMoment;

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new UsageError("Adam needs 0 <= beta1, beta2 < 1, got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) throw new UsageError("Adam needs eps > 0, got " + epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    static Adam restore(OptimizerState state) {
        Adam adam = new Adam(state.setting("learning_rate"), state.setting("beta1"), state.setting("beta2"),
                state.setting("epsilon"));
        adam.steps = state.steps();
        adam.firstMoment = state.vector("first_moment");
        adam.secondMoment = state.vector("second_moment");
        if ((adam.firstMoment == null) != (adam.secondMoment == null) || (adam.steps > 0 && adam.firstMoment == null)) {
            throw new UsageError("the adam state needs both first_moment and second_moment after step 0");
        }
        return adam;
    }

    @Override
    public String kind() {
        return "adam";
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(double[] theta, double[] gradient) {
        if (firstMoment == null) {
            firstMoment = new double[theta.length];
            secondMoment = new double[theta.length];
        }
        steps++;
        double firstCorrection = 1 - Math.pow(beta1, steps);
        double secondCorrection = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < theta.length; i++) {
            double g = gradient[i];
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g;
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
            double firstUnbiased = firstMoment[i] / firstCorrection;
            double secondUnbiased = secondMoment[i] / secondCorrection;
            theta[i] += learningRate * firstUnbiased / (Math.sqrt(secondUnbiased) + epsilon);
        }
    }

    @Override
    public OptimizerState state() {
        Map<String, Double> settings = new LinkedHashMap<>();
        settings.put("learning_rate", learningRate);
        settings.put("beta1", beta1);
        settings.put("beta2", beta2);
        settings.put("epsilon", epsilon);
        Map<String, double[]> vectors = new LinkedHashMap<>();
        if (firstMoment != null) {
            vectors.put("first_moment", firstMoment);
            vectors.put("second_moment", secondMoment);
        }
        return new OptimizerState(kind(), settings, steps, vectors);
    }
}
