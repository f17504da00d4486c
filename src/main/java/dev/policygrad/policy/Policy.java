package dev.policygrad.policy;

import dev.policygrad.ad.Program;
import dev.policygrad.check.ActionSpace;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.ParameterLayout;
import dev.policygrad.check.PolicySpec;
import dev.policygrad.dist.Distribution;
import dev.policygrad.ir.Node;
import java.util.List;

/**
 * A checked policy pi_theta(a | s), compiled: log pi and its score d log pi / d theta by reverse mode
 * on a static tape, and sampling. Immutable and thread-safe; each thread evaluates through its own
 * {@link Evaluator} ({@link #newEvaluator()}), which allocates nothing per call.
 */
public final class Policy {

    private final CheckedProgram program;
    private final PolicySpec spec;
    private final Program logPi;
    private final Program sampler;

    private Policy(CheckedProgram program) {
        this.program = program;
        this.spec = program.requirePolicy();
        int p = program.parameters().size();
        this.logPi = Program.compile(spec.logPi(), p);
        Distribution d = spec.distribution();
        this.sampler = d == null ? null : Program.compile(d.parameters(), p);
    }

    /** Compiles the policy of a checked program (a CheckError if it declares none). */
    public static Policy of(CheckedProgram program) {
        return new Policy(program);
    }

    public CheckedProgram program() {
        return program;
    }

    public PolicySpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public ParameterLayout parameters() {
        return program.parameters();
    }

    public ActionSpace actions() {
        return program.actions();
    }

    /** The length of the state vector the policy reads (1 for a scalar state, 0 for none). */
    public int stateSize() {
        return program.state() == null ? 0 : program.state().shape().size();
    }

    /** The state input node, or null when the policy sees no state. */
    public Node.Input state() {
        return program.state();
    }

    /** log pi(a | s) as an IR expression. */
    public Node logPiExpression() {
        return spec.logPi();
    }

    /** The compiled tape of log pi. */
    public Program logPiProgram() {
        return logPi;
    }

    /** The compiled tape of the distribution's parameters, or null when the body is a formula. */
    Program samplerProgram() {
        return sampler;
    }

    /** The flattened parameter names, in theta's order. */
    public List<String> parameterNames() {
        return program.parameters().names();
    }

    /** The initial parameters, drawing random initial values from {@code seed}. */
    public double[] initialParameters(long seed) {
        return program.parameters().initialValues(seed);
    }

    public Evaluator newEvaluator() {
        return new Evaluator(this);
    }
}
