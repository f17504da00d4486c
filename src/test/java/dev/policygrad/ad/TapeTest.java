package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TapeTest {

    private static double[] random(SplittableRandom random, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * (2 * random.nextDouble() - 1);
        return x;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void linearSoftmaxGradientIsTheClosedForm(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(4, 64);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape(backend);
        SplittableRandom random = new SplittableRandom(1);
        double[] gradient = new double[policy.parameterCount()];
        for (int trial = 0; trial < 20; trial++) {
            double[] theta = random(random, policy.parameterCount(), 1);
            double[] s = random(random, 64, 1);
            int a = random.nextInt(4);
            tape.forward(theta, s, a);
            tape.backward(gradient);
            assertArrayEquals(policy.closedFormGradient(theta, s, a), gradient, 1e-12);
        }
    }

    @Test
    void stateAdjointIsNeverComputed() {
        LinearSoftmax policy = new LinearSoftmax(3, 5);
        Program program = Program.compile(policy.logPi, policy.parameterCount());
        // matvec(W, s): W needs an adjoint, s does not
        assertEquals("matvec", program.op(0).name());
        assertTrue(program.argNeedsAdjoint(0, 0));
        assertFalse(program.argNeedsAdjoint(0, 1));
        assertEquals(0, program.argRegister(0, 0));
        assertEquals(program.parameterCount(), program.argRegister(0, 1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hugeLogitsStayFinite(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(2, 1);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape(backend);
        double[] theta = {1e4, -1e4, 0, 0};
        double[] gradient = new double[4];
        assertEquals(0.0, tape.forward(theta, new double[] {1}, 0), 0.0);
        tape.backward(gradient);
        assertArrayEquals(new double[] {0, 0, 0, 0}, gradient, 0.0);
        assertEquals(-2e4, tape.forward(theta, new double[] {1}, 1), 1e-9);
        tape.backward(gradient);
        assertArrayEquals(new double[] {-1, 1, -1, 1}, gradient, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void accumulateAddsWeightedGradients(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(3, 4);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape(backend);
        SplittableRandom random = new SplittableRandom(2);
        double[] theta = random(random, policy.parameterCount(), 1);
        double[] s1 = random(random, 4, 1), s2 = random(random, 4, 1);
        double[] accumulator = new double[policy.parameterCount()];
        tape.forward(theta, s1, 2);
        tape.backwardAccumulate(0.5, accumulator);
        tape.forward(theta, s2, 0);
        tape.backwardAccumulate(-2, accumulator);
        double[] g1 = policy.closedFormGradient(theta, s1, 2), g2 = policy.closedFormGradient(theta, s2, 0);
        for (int i = 0; i < accumulator.length; i++) assertEquals(0.5 * g1[i] - 2 * g2[i], accumulator[i], 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void steadyStateAllocatesNothing(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(4, 64);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape(backend);
        SplittableRandom random = new SplittableRandom(3);
        double[] theta = random(random, policy.parameterCount(), 1);
        double[] s = random(random, 64, 1);
        double[] accumulator = new double[policy.parameterCount()];
        double[] gradient = new double[policy.parameterCount()];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double sum = 0;
        for (int warmup = 0; warmup < 20_000; warmup++) {
            sum += tape.forward(theta, s, warmup & 3);
            tape.backwardAccumulate(1e-3, accumulator);
            tape.backward(gradient);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            sum += tape.forward(theta, s, i & 3);
            tape.backwardAccumulate(1e-3, accumulator);
            tape.backward(gradient);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(Double.isFinite(sum));
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 10,000 evaluations");
    }
}
