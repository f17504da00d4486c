package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import java.math.MathContext;
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
        assertAdjointsAreTheTablesProducts(trace);
        assertEquals(List.of("W", "b", "s", "a"), trace.leaves().stream().map(Trace.Leaf::name).toList());
        assertEquals(1, trace.rows().get(trace.rows().size() - 1).backwardStep());
    }

    private static final String EXPONENTIAL_STD = """
            action a : real
            param m = 0
            param ls = 0
            policy pi(a | s) = normal(mean = m, std = exp(ls))
            """;

    private static Trace traceOf(String source, Backend backend, double[] theta, double action) {
        Evaluator evaluator = Policy.of(Checker.check(Parser.parse("t.pg", source))).newEvaluator(backend);
        evaluator.score(theta, null, action, new double[theta.length]);
        return Trace.of(evaluator.tape());
    }

    private static Trace.Row rowOf(Trace trace, String op) {
        return trace.rows().stream().filter(r -> r.op().equals(op)).findFirst().orElseThrow();
    }

    /**
     * At sigma = exp(ls) ~ 1e-304 and z = a / sigma ~ 1000, sigma's partial z^2 / sigma ~ 1e310 overflows
     * and the sweep sends sigma's share to ls chain-ruled (NormalLogDensityWithLogStd). The density's row
     * shows the partials the sweep used (0 for sigma, z^2 - 1 for ls), marked and explained, so the
     * footer's rule (each adjoint the sum of partial * v_bar) holds; the mean's partial z / sigma ~ 1e307
     * is finite (forward mode's division once made it NaN). Held to z from BigDecimal, for the normal and
     * the tanh_normal (whose atanh(a) is a here), on both backends.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void atTheNormalsExtremePointTheRowsShowWhatTheSweepDid(Backend backend) {
        double l = -699.987, a = 1e-301, sigma = Math.exp(l);
        BigDecimal z = new BigDecimal(a).divide(new BigDecimal(sigma), MathContext.DECIMAL128);
        double zSquaredMinusOne = z.multiply(z).subtract(BigDecimal.ONE).doubleValue();
        double zOverSigma = z.divide(new BigDecimal(sigma), MathContext.DECIMAL128).doubleValue();
        for (String source : new String[] {EXPONENTIAL_STD, EXPONENTIAL_STD.replace("normal(", "tanh_normal(")}) {
            Trace trace = traceOf(source, backend, new double[] {0, l}, a);
            Trace.Row density = trace.rows().get(trace.rows().size() - 1);
            Trace.Row exp = rowOf(trace, "exp");
            assertEquals(sigma, exp.value()[0], 0, source);
            assertEquals(List.of("a", "m", "%" + exp.index(), "ls"), density.inputs(), source);
            assertEquals(zOverSigma, density.partials().get(1)[0][0], 1e-13 * zOverSigma, source);
            assertEquals(0, density.partials().get(2)[0][0], 0, source);
            assertEquals(zSquaredMinusOne, density.partials().get(3)[0][0], 1e-13 * zSquaredMinusOne, source);
            assertTrue(density.rerouted().contains("%" + exp.index() + " gets 0, ls gets z^2 - 1"), density.rerouted());
            Trace.Leaf ls = trace.leaves().get(1);
            assertEquals(zSquaredMinusOne, ls.adjoint()[0], 1e-13 * zSquaredMinusOne, source);
            assertAdjointsAreTheTablesProducts(trace);
            String text = trace.toText();
            assertTrue(text.contains("ls: 1.00227e6 *"), text);
            assertTrue(text.contains("\n* %" + density.index() + ": the partials the sweep used, not d v / d input. "), text);
        }
    }

    /** At an ordinary point the density's row shows forward mode's d v / d input, sigma's z^2 / sigma among them. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void atAnOrdinaryPointTheRowsShowTheLocalPartials(Backend backend) {
        double l = -1, a = 0.3, m = 0.1, sigma = Math.exp(l), z = (a - m) / sigma;
        Trace trace = traceOf(EXPONENTIAL_STD, backend, new double[] {m, l}, a);
        Trace.Row density = trace.rows().get(trace.rows().size() - 1);
        assertNull(density.rerouted());
        assertEquals(z * z / sigma, density.partials().get(2)[0][0], 1e-15 * z * z / sigma);
        assertEquals(-1, density.partials().get(3)[0][0], 0);
        assertAdjointsAreTheTablesProducts(trace);
        assertFalse(trace.toText().contains("the partials the sweep used"), trace.toText());
    }

    /**
     * The rule the table's footer states: for every leaf and row, its adjoint equals the sum over the
     * rows using it of (their partial)^T (their adjoint), recomputed here from the table alone.
     */
    private static void assertAdjointsAreTheTablesProducts(Trace trace) {
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
            if (sum != null) assertArrayEquals(row.adjoint(), sum, 1e-14 * norm(row.adjoint()), "%" + row.index());
        }
        for (Trace.Leaf leaf : trace.leaves()) {
            if (leaf.kind().equals("parameter")) {
                assertArrayEquals(leaf.adjoint(), recomputed.get(leaf.name()), 1e-14 * norm(leaf.adjoint()), leaf.name());
            }
        }
    }

    private static double norm(double[] v) {
        double max = 1;
        for (double x : v) max = Math.max(max, Math.abs(x));
        return max;
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
