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
        assertTrue(text.startsWith("node  op"), text);
        assertTrue(text.contains("logsumexp"), text);
        String dot = trace.toDot();
        assertTrue(dot.startsWith("digraph tape {"), dot);
        assertTrue(dot.contains("i0 -> i1 [label=\"x\"];"), dot);
        assertTrue(dot.contains("%4 sub"), dot);
        assertTrue(dot.contains("fillcolor=\"#dbeafe\""), dot);
        assertTrue(dot.contains("label=\"W\\nv = (4) [1, 0, ...]"), dot);
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

    /**
     * The local partials shown are the numbers the reverse sweep multiplies by: for every leaf and row,
     * its adjoint equals the sum over the rows using it of (their partial)^T (their adjoint), recomputed
     * here from the table alone; and the sweep visits rows from the output back.
     */
    @Test
    void partialsAndAdjointsOfTheTableAgree() {
        LinearSoftmax policy = new LinearSoftmax(3, 3);
        Tape tape = Program.compile(policy.logPi, policy.parameterCount()).newTape();
        double[] theta = {0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.2, 0.7, -0.1, 0.05, -0.3, 0.2};
        tape.forward(theta, new double[] {1, -2, 0.5}, 2);
        tape.backward(new double[policy.parameterCount()]);
        Trace trace = Trace.of(tape);
        java.util.Map<String, double[]> recomputed = new java.util.HashMap<>();
        for (Trace.Row row : trace.rows()) {
            for (int k = 0; k < row.inputs().size(); k++) {
                double[][] jacobian = row.partials().get(k);
                if (jacobian == null) continue;
                double[] sum = recomputed.computeIfAbsent(row.inputs().get(k), x -> new double[jacobian[0].length]);
                for (int i = 0; i < jacobian.length; i++) {
                    for (int j = 0; j < jacobian[0].length; j++) sum[j] += jacobian[i][j] * row.adjoint()[i];
                }
            }
        }
        for (Trace.Row row : trace.rows()) {
            double[] sum = recomputed.get("%" + row.index());
            if (sum != null) assertArrayEquals(row.adjoint(), sum, 1e-14, "%" + row.index());
        }
        for (Trace.Leaf leaf : trace.leaves()) {
            if (leaf.kind().equals("parameter")) assertArrayEquals(leaf.adjoint(), recomputed.get(leaf.name()), 1e-14, leaf.name());
        }
        assertEquals(List.of("W", "b", "s", "a"), trace.leaves().stream().map(Trace.Leaf::name).toList());
        assertEquals(1, trace.rows().get(trace.rows().size() - 1).backwardStep());
    }

    @Test
    void numbersHaveOneFormatAndLongVectorsAreElided() {
        assertEquals("0.4", TraceText.number(0.4, 6));
        assertEquals("-1.04394", TraceText.number(-1.0439385332046727, 6));
        assertEquals("1.23457e-7", TraceText.number(1.234567e-7, 6));
        assertEquals("1", TraceText.number(1, 6));
        assertEquals("0.333", TraceText.number(1.0 / 3, 3));
        double[] many = new double[20];
        java.util.Arrays.fill(many, 0.25);
        String text = TraceText.numbers(many, 6, 40);
        assertTrue(text.endsWith("more of 20)]"), text);
        assertTrue(text.length() < 70, text);
    }
}
