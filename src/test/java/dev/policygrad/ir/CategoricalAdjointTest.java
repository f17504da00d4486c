package dev.policygrad.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The categorical adjoint's path for two actions (one exponential) writes, bit for bit, what its
 * general loop writes: the general loop runs on the same two logits with a third of -infinity, an
 * impossible action whose exponential is exactly 0, which changes neither the total nor any
 * probability.
 */
class CategoricalAdjointTest {

    @Test
    void twoActionsGiveTheGeneralLoopsBits() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] special = {{0, 0}, {1e16, 1e16}, {40, 10}, {10, 40}, {-1e300, 3}, {Double.NEGATIVE_INFINITY, 2},
            {5, Double.NEGATIVE_INFINITY}, {-0.0, 0.0}};
        for (int c = 0; c < 20_000 + special.length; c++) {
            double[] z = c < special.length ? special[c]
                    : new double[] {random.nextGaussian() * scale(random), random.nextGaussian() * scale(random)};
            double yBar = c % 3 == 0 ? 1 : random.nextGaussian();
            for (int a = 0; a < 2; a++) {
                double[] two = {z[0], z[1]}, three = {z[0], z[1], Double.NEGATIVE_INFINITY};
                double[] twoBar = {0.25, -0.5}, threeBar = {0.25, -0.5, 0};
                CategoricalLogMass.adjoint(two, twoBar, 0, 2, a, yBar);
                CategoricalLogMass.adjoint(three, threeBar, 0, 3, a, yBar);
                for (int i = 0; i < 2; i++) {
                    assertEquals(Double.doubleToLongBits(threeBar[i]), Double.doubleToLongBits(twoBar[i]),
                            "logits (" + z[0] + ", " + z[1] + "), action " + a + ", adjoint " + i);
                }
            }
        }
    }

    private static double scale(SplittableRandom random) {
        return Math.pow(10, random.nextInt(-3, 4));
    }
}
