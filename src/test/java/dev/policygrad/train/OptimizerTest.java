package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.UsageError;
import org.junit.jupiter.api.Test;

/** SGD and Adam against their update rules computed by hand, and exact restoration from their state. */
class OptimizerTest {

    @Test
    void sgdAscends() {
        double[] theta = {1, -2};
        new Sgd(0.5).step(theta, new double[] {2, 4});
        assertArrayEquals(new double[] {2, 0}, theta, 0);
    }

    /** At t = 1, m^ = g and v^ = g^2, so each coordinate moves by alpha g / (|g| + eps): about alpha sign(g). */
    @Test
    void adamFirstStepIsLearningRateTimesSign() {
        double[] theta = {0, 0, 0};
        double[] gradient = {3, -0.002, 0};
        new Adam(0.1).step(theta, gradient);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.1 * gradient[i] / (Math.abs(gradient[i]) + 1e-8), theta[i], 1e-15);
        }
    }

    /** Two steps by Kingma &amp; Ba's Algorithm 1, written out. */
    @Test
    void adamSecondStepFollowsAlgorithm1() {
        double b1 = 0.9, b2 = 0.999, alpha = 0.01, eps = 1e-8;
        double g1 = 2, g2 = -1;
        double m1 = (1 - b1) * g1, v1 = (1 - b2) * g1 * g1;
        double theta1 = alpha * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
        double m2 = b1 * m1 + (1 - b1) * g2, v2 = b2 * v1 + (1 - b2) * g2 * g2;
        double theta2 = theta1 + alpha * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
        Adam adam = new Adam(alpha);
        double[] theta = {0};
        adam.step(theta, new double[] {g1});
        adam.step(theta, new double[] {g2});
        assertEquals(theta2, theta[0], 1e-15);
    }

    @Test
    void restoredAdamContinuesIdentically() {
        Adam original = new Adam(0.05);
        double[] theta = {0.3, -0.1};
        original.step(theta, new double[] {1.5, -0.25});
        Optimizer restored = Optimizer.restore(original.state());
        double[] a = theta.clone(), b = theta.clone();
        original.step(a, new double[] {-0.5, 2});
        restored.step(b, new double[] {-0.5, 2});
        assertArrayEquals(a, b, 0);
        assertEquals(2, restored.state().steps());
    }

    @Test
    void badSettingsAreUsageErrors() {
        assertThrows(UsageError.class, () -> Optimizer.of("rmsprop", 0.1));
        assertThrows(UsageError.class, () -> new Sgd(0));
        assertThrows(UsageError.class, () -> new Adam(Double.NaN));
        assertThrows(UsageError.class, () -> new Adam(0.1, 1, 0.999, 1e-8));
    }
}
