package dev.policygrad.policy;

import dev.policygrad.ad.Backend;
import dev.policygrad.ad.Program;
import dev.policygrad.env.ActionSpace;
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

    private Policy(CheckedProgram program) {
        this.program = program;
        this.spec = program.requirePolicy();
        // One tape: output 0 is log pi, outputs 1.. the distribution's parameters, which are part of
        // log pi's own computation and do not depend on the action, so sampling and scoring share it.
        List<Node> outputs = new java.util.ArrayList<>(List.of(spec.logPi()));
        Distribution d = spec.distribution();
        if (d != null) outputs.addAll(d.parameters());
        this.logPi = Program.compile(outputs, program.parameters().size());
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

    /**
     * The compiled tape: output 0 is log pi(a | s); outputs 1.. are the distribution's parameters
     * when the body is a distribution.
     */
    public Program logPiProgram() {
        return logPi;
    }

    /** The flattened parameter names, in theta's order. */
    public List<String> parameterNames() {
        return program.parameters().names();
    }

    /** The initial parameters, drawing random initial values from {@code seed}. */
    public double[] initialParameters(long seed) {
        return program.parameters().initialValues(seed);
    }

    /** One thread's evaluator, on the {@link Backend#preferred() preferred} tape backend. */
    public Evaluator newEvaluator() {
        return new Evaluator(this, Backend.preferred());
    }

    /** One thread's evaluator on the given tape backend. */
    public Evaluator newEvaluator(Backend backend) {
        return new Evaluator(this, backend);
    }

    /** {@code policy pi over {right, left}, 2 parameters: theta[2]}, for printing in a shell. */
    @Override
    public String toString() {
        return "policy " + name() + " over " + actions().describe() + ", " + parameters().size() + " parameter"
                + (parameters().size() == 1 ? "" : "s") + ": " + parameters().describe();
    }
}
