package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TraceTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tableAndGraphOfALinearSoftmaxPolicy(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(2, 2);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape(backend);
        double[] theta = {1, 0, 0, 1, 0, 0};
        tape.forward(theta, new double[] {1, 2}, 1);
        tape.backward(new double[policy.parameterCount()]);
        Trace trace = Trace.of(tape);

        List<String> ops = trace.rows().stream().map(Trace.Row::op).toList();
        // what does not read the action comes first, so one sweep of it serves every action
        assertEquals(List.of("matvec", "add", "logsumexp", "pick", "sub"), ops);
        assertEquals(List.of("W", "s"), trace.rows().get(0).inputs());
        assertEquals(List.of("%0", "b"), trace.rows().get(1).inputs());
        assertArrayEquals(new double[] {1, 2}, trace.rows().get(1).value(), 0);
        // the output's adjoint is the seed
        assertArrayEquals(new double[] {1}, trace.rows().get(4).adjoint(), 0);
        // z_bar = onehot(1) - softmax(z)
        double p1 = Math.exp(2) / (Math.exp(1) + Math.exp(2));
        assertArrayEquals(new double[] {-(1 - p1), 1 - p1}, trace.rows().get(1).adjoint(), 1e-15);
        Trace.Leaf w = trace.leaves().stream().filter(l -> l.name().equals("W")).findFirst().orElseThrow();
        assertEquals("parameter", w.kind());
        assertArrayEquals(new double[] {-(1 - p1), -2 * (1 - p1), 1 - p1, 2 * (1 - p1)}, w.adjoint(), 1e-15);

        String text = trace.toText();
        assertTrue(text.contains("logsumexp"), text);
        String dot = trace.toDot();
        assertTrue(dot.startsWith("digraph tape {"), dot);
        assertTrue(dot.contains("i0 -> i1;"), dot);
        assertTrue(dot.contains("%4 sub"), dot);
    }

    @Test
    void programExposesItsInstructions() {
        LinearSoftmax policy = new LinearSoftmax(4, 3);
        Program program = Program.compile(policy.logPi, policy.parameterCount());
        assertEquals(5, program.instructionCount());
        assertEquals(3, program.stateSize());
        assertEquals(0, program.noiseCount());
        assertTrue(program.usesAction());
        assertEquals(List.of(4, 3, 2, 1, 0), java.util.Arrays.stream(program.backwardSchedule()).boxed().toList());
    }
}
