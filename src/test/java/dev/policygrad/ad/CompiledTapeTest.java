package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import org.junit.jupiter.api.Test;

/** What is particular to the compiled backend: caching, splitting large programs, falling back. */
class CompiledTapeTest {

    private final Graph g = new Graph();
    private final Node theta = g.intern(new Node.Param("theta", 0, Shape.vector(3), Span.NONE));
    private final Node state = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(3), Span.NONE));

    /** A chain of {@code length} small steps, each depending on the last. */
    private Node chain(int length) {
        Node x = g.call(Ops.MUL, theta, state);
        for (int i = 0; i < length; i++) {
            Node step = g.call(i % 3 == 0 ? Ops.TANH : i % 3 == 1 ? Ops.SIN : Ops.SIGMOID, x);
            x = g.call(Ops.ADD, g.call(Ops.MUL, step, g.constant(0.9)), g.call(Ops.MUL, theta, g.constant(0.01 * i)));
        }
        return g.call(Ops.LOGSUMEXP, x);
    }

    private static final GradCheck.Point POINT = new GradCheck.Point(new double[] {0.3, -0.7, 1.1},
            new double[] {0.5, 0.25, -1}, 0);

    @Test
    void compilesOncePerProgram() {
        Program program = Program.compile(chain(3), 3);
        Compilation first = program.compilation();
        assertTrue(first.compiled(), first.describe());
        program.newTape(Backend.COMPILED);
        program.newTape(Backend.COMPILED);
        assertSame(first, program.compilation());
        assertTrue(first.describe().startsWith("compiled into "), first.describe());
    }

    @Test
    void largeProgramsAreSplitIntoMethodsTheJitCompiles() {
        Program program = Program.compile(chain(2000), 3);
        Compilation compilation = program.compilation();
        assertTrue(compilation.compiled(), compilation.describe());
        // 8000 instructions of straight-line code cannot fit one method under HotSpot's 8000-byte limit
        assertTrue(compilation.methods() > 10, compilation.describe());
        BackendAgreement.assertIdentical(program, POINT, "chain of 2000");
    }

    /**
     * Dot and matrix-vector products whose adjoints are unrolled (up to {@link KernelInliner#UNROLL_PRODUCT_ADJOINT}
     * elements) or left to the kernel, against a state and against a parameter vector (both adjoints), are
     * the interpreter's bit for bit; the 4 x 64 one is the size of the benchmarks' softmax64.
     */
    @Test
    void largerMatrixVectorProductsAreTheInterpretersBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int[] size : new int[][] {{4, 64}, {3, 85}, {8, 40}, {5, 52}}) {
            int rows = size[0], cols = size[1], p = rows * cols + cols;
            Graph graph = new Graph();
            Node m = graph.intern(new Node.Param("M", 0, Shape.matrix(rows, cols), Span.NONE));
            Node x = graph.intern(new Node.Param("x", rows * cols, Shape.vector(cols), Span.NONE));
            Node s = graph.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(cols), Span.NONE));
            Node y = graph.call(Ops.ADD, graph.call(Ops.MATVEC, m, s), graph.call(Ops.MATVEC, m, x));
            Node dot = graph.call(Ops.MUL, graph.call(Ops.DOT, x, s), graph.call(Ops.DOT, x, x));
            Node out = graph.call(Ops.ADD, graph.call(Ops.LOGSUMEXP, graph.call(Ops.MUL, y, y)), dot);
            double[] at = new double[p], st = new double[cols];
            for (int i = 0; i < p; i++) at[i] = random.nextGaussian() * 0.1;
            for (int j = 0; j < cols; j++) st[j] = random.nextGaussian();
            BackendAgreement.assertIdentical(Program.compile(out, p), new GradCheck.Point(at, st, 0),
                    rows + " x " + cols);
        }
    }

    /**
     * The parameters' adjoints go straight into the caller's gradient at its offset, or, where a kernel
     * accumulates into one, are copied there from the adjoint registers: either way the interpreter's
     * bits, nothing written outside {@code [offset, offset + P)}, and parameters the output does not
     * depend on (a run long enough to be cleared by Arrays.fill, and short ones) come out 0 over a
     * gradient array that held other numbers.
     */
    @Test
    void theGradientIsWrittenAtItsOffsetAndNowhereElse() {
        int unused = 40, p = 3 + unused + 2;
        Graph graph = new Graph();
        Node w = graph.intern(new Node.Param("w", 0, Shape.vector(3), Span.NONE));
        graph.intern(new Node.Param("unused", 3, Shape.vector(unused), Span.NONE));
        Node z = graph.intern(new Node.Param("z", 3 + unused, Shape.vector(2), Span.NONE));
        Node s = graph.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(3), Span.NONE));
        Node action = graph.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node inline = graph.call(Ops.LOGSUMEXP, graph.call(Ops.MUL, w, s));
        // the categorical's adjoint is a kernel call that accumulates into z, a parameter
        Node kernel = graph.call(Ops.ADD, inline, graph.call(Ops.CATEGORICAL_LPMF, z, action));
        double[] theta = new double[p];
        for (int i = 0; i < p; i++) theta[i] = 0.1 * (i % 7) - 0.3;
        double[] st = {0.5, -1, 2};
        for (Node out : new Node[] {inline, kernel}) {
            Program program = Program.compile(out, p);
            double[] expected = gradient(program.newTape(Backend.INTERPRETER), theta, st, p);
            double[] actual = gradient(program.newTape(Backend.COMPILED), theta, st, p);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), "element " + i);
            }
            assertEquals(7.0, actual[4], 0.0);
            assertEquals(7.0, actual[5 + p], 0.0);
            for (int i = 5 + 3; i < 5 + 3 + unused; i++) assertEquals(0.0, actual[i], 0.0, "unused parameter " + (i - 5));
        }
    }

    /**
     * The normal densities' adjoints are generated code, not kernel calls, so a std or log std read
     * straight from theta keeps the gradient written in place; bits as the interpreter's.
     */
    @Test
    void aNormalDensityOverParametersWritesTheGradientInPlace() {
        Graph graph = new Graph();
        Node theta = graph.intern(new Node.Param("theta", 0, Shape.vector(3), Span.NONE));
        Node action = graph.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node mean = graph.call(Ops.PICK, theta, graph.constant(0)), std = graph.call(Ops.PICK, theta, graph.constant(1));
        Node logStd = graph.call(Ops.PICK, theta, graph.constant(2));
        Node mu = graph.intern(new Node.Param("mu", 3, Shape.SCALAR, Span.NONE));
        Node sigma = graph.intern(new Node.Param("sigma", 4, Shape.SCALAR, Span.NONE));
        Node l = graph.intern(new Node.Param("l", 5, Shape.SCALAR, Span.NONE));
        Node[] outputs = {
            graph.call(Ops.NORMAL_LPDF, action, mu, sigma),
            graph.call(Ops.NORMAL_LPDF_WITH_LOG_STD, action, mu, graph.call(Ops.EXP, l), l),
            graph.call(Ops.NORMAL_LPDF_WITH_LOG_STD, action, mu, sigma, l),
            // the same register as two arguments: both accumulations land on it, in the kernel's order
            graph.call(Ops.NORMAL_LPDF_WITH_LOG_STD, mu, mu, sigma, l),
            graph.call(Ops.ADD, graph.call(Ops.NORMAL_LPDF, action, mean, std), graph.call(Ops.NORMAL_LPDF_WITH_LOG_STD,
                    action, mean, graph.call(Ops.EXP, logStd), logStd)),
        };
        double[] values = {0.3, 1.7, -0.4, -0.2, 0.8, 0.25};
        for (Node out : outputs) {
            Program program = Program.compile(out, 6);
            assertTrue(program.compilation().code().writesGradientInPlace(), ExprPrinter.infix(out));
            double[] expected = gradient(program.newTape(Backend.INTERPRETER), values, new double[0], 6);
            double[] actual = gradient(program.newTape(Backend.COMPILED), values, new double[0], 6);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                        ExprPrinter.infix(out) + ": element " + i);
            }
        }
    }

    /** The gradient into an array of 7s from offset 5, after a forward sweep at action 1. */
    private static double[] gradient(Tape tape, double[] theta, double[] state, int p) {
        double[] out = new double[p + 11];
        java.util.Arrays.fill(out, 7);
        tape.forward(theta, state, 1);
        tape.backward(out, 5);
        return out;
    }

    @Test
    void programsOverTheLimitRunOnTheInterpreter() {
        Program program = Program.compile(chain(BytecodeCompiler.MAX_INSTRUCTIONS / 4 + 1), 3);
        Compilation compilation = program.compilation();
        assertFalse(compilation.compiled());
        assertTrue(compilation.describe().startsWith("interpreter: too large to compile"), compilation.describe());
        assertEquals(InterpretedTape.class, program.newTape(Backend.COMPILED).getClass());
        double value = program.newTape(Backend.COMPILED).forward(POINT.theta(), POINT.state(), 0);
        assertEquals(program.newTape(Backend.INTERPRETER).forward(POINT.theta(), POINT.state(), 0), value, 0.0);
    }

    /** A sampler evaluates only outputs 1.. (the logits), then may complete the sweep for an action. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Backend.class)
    void sideOutputsFirst(Backend backend) {
        Node action = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node logits = g.call(Ops.MUL, theta, state);
        Node logPi = g.call(Ops.SUB, g.call(Ops.PICK, logits, action), g.call(Ops.LOGSUMEXP, logits));
        Program program = Program.compile(java.util.List.of(logPi, logits), 3);
        assertEquals(1, program.sideEnd);
        Tape tape = program.newTape(backend), reference = program.newTape(backend);
        double[] expected = new double[3], actual = new double[3];
        tape.forwardSideOutputs(POINT.theta(), POINT.state());
        tape.output(1, actual);
        reference.forward(POINT.theta(), POINT.state(), 2);
        reference.output(1, expected);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0.0);
        assertEquals(reference.value(), tape.forwardAction(2), 0.0);
    }

    @Test
    void preferredBackendChoosesTheTape() {
        Program program = Program.compile(chain(2), 3);
        Backend before = Backend.preferred();
        try {
            Backend.prefer(Backend.INTERPRETER);
            assertEquals(InterpretedTape.class, program.newTape().getClass());
            Backend.prefer(Backend.COMPILED);
            assertEquals(CompiledTape.class, program.newTape().getClass());
        } finally {
            Backend.prefer(before);
        }
        assertEquals(Backend.COMPILED, Backend.of("compiled"));
        assertEquals(Backend.INTERPRETER, Backend.of("interpreter"));
    }
}
