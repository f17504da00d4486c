package dev.policygrad.bench;

import dev.policygrad.ad.Compilation;
import dev.policygrad.ad.Program;
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

    @Param({"softmax4", "softmax64", "softmax1024", "mlp"})
    public String policy;

    private Program program;

    @Setup
    public void setUp() {
        Policy compiled = BenchPolicies.compile(policy, BenchPolicies.source(policy));
        program = compiled.logPiProgram();
    }

    @Benchmark
    public Program tape() {
        return Program.compile(program.outputs(), program.parameterCount());
    }

    @Benchmark
    public Compilation tapeAndBytecode() {
        Compilation c = Program.compile(program.outputs(), program.parameterCount()).compilation();
        if (!c.compiled()) throw new IllegalStateException(c.describe());
        return c;
    }
}
