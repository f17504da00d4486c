package dev.policygrad.bench;

import dev.policygrad.ad.Compilation;
import dev.policygrad.ad.Program;
import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import dev.policygrad.policy.Policy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What compiling a policy costs, paid once per program: {@code tape} lays out the static tape
 * (registers and instructions, what the interpreter needs), {@code tapeAndBytecode} also generates
 * and defines the program's class. The difference is the bytecode compiler's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class CompileBenchmark {

    /** A benchmark policy, or {@code chainN}: N rounds of tanh/sin/sigmoid, *, + over a vector of 3 (4N + 2 instructions). */
    @Param({"softmax4", "softmax64", "softmax1024", "mlp", "chain25", "chain250", "chain2500"})
    public String program;

    private Program tape;

    @Setup
    public void setUp() {
        if (program.startsWith("chain")) {
            tape = chain(Integer.parseInt(program.substring("chain".length())));
        } else {
            Policy compiled = BenchPolicies.compile(program, BenchPolicies.source(program));
            tape = compiled.logPiProgram();
        }
    }

    static Program chain(int length) {
        Graph g = new Graph();
        Node theta = g.intern(new Node.Param("theta", 0, Shape.vector(3), Span.NONE));
        Node state = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(3), Span.NONE));
        Node x = g.call(Ops.MUL, theta, state);
        for (int i = 0; i < length; i++) {
            Node step = g.call(i % 3 == 0 ? Ops.TANH : i % 3 == 1 ? Ops.SIN : Ops.SIGMOID, x);
            x = g.call(Ops.ADD, g.call(Ops.MUL, step, g.constant(0.9)), g.call(Ops.MUL, theta, g.constant(0.01 * i)));
        }
        return Program.compile(g.call(Ops.LOGSUMEXP, x), 3);
    }

    @Benchmark
    public Program tape() {
        return Program.compile(tape.outputs(), tape.parameterCount());
    }

    @Benchmark
    public Compilation tapeAndBytecode() {
        Compilation c = Program.compile(tape.outputs(), tape.parameterCount()).compilation();
        if (!c.compiled()) throw new IllegalStateException(c.describe());
        return c;
    }
}
