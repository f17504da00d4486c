package dev.policygrad.policy;

import dev.policygrad.ad.SymbolicDerivative;
import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ad.Program;
import dev.policygrad.ad.Simplifier;
import dev.policygrad.ad.Tape;
import dev.policygrad.check.ParameterLayout;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The score d log pi / d theta of a policy as expressions, one per parameter block, derived
 * symbolically (reverse accumulation over the IR with each primitive's adjoint rule) and simplified;
 * printable as text and LaTeX, and compiled so it can be evaluated independently of the tape that
 * computes the same numbers by reverse mode.
 */
public final class SymbolicGradient {

    private final Node logPi;
    private final Map<String, Node> blocks;
    private final ParameterLayout layout;
    private final Program program;
    private final Program plain;

    private SymbolicGradient(Policy policy) {
        this.plain = policy.logPiProgram();
        this.layout = policy.parameters();
        this.logPi = Simplifier.simplify(policy.logPiExpression(), new Graph());
        // a block that log pi does not mention has derivative zero (it is absent from the gradient)
        Map<String, Node> gradient = new LinkedHashMap<>(SymbolicDerivative.simplifiedGradient(policy.logPiExpression()));
        Graph zeros = new Graph();
        for (ParameterLayout.Block b : layout.blocks()) {
            gradient.computeIfAbsent(b.name(), name -> zeros.filled(0, b.shape()));
        }
        this.blocks = gradient;
        List<Node> outputs = new ArrayList<>();
        for (ParameterLayout.Block b : layout.blocks()) outputs.add(blocks.get(b.name()));
        this.program = outputs.isEmpty() ? null : Program.compile(outputs, layout.size());
    }

    public static SymbolicGradient of(Policy policy) {
        return new SymbolicGradient(policy);
    }

    /** log pi(a | s), simplified. */
    public Node logPi() {
        return logPi;
    }

    /** d log pi / d block, per block name, in layout order. */
    public Map<String, Node> blocks() {
        Map<String, Node> ordered = new LinkedHashMap<>();
        for (ParameterLayout.Block b : layout.blocks()) ordered.put(b.name(), blocks.get(b.name()));
        return ordered;
    }

    /**
     * {@code log pi = ...} then {@code d log pi / d theta = ...} per block, shared parts as lets: two texts, each
     * with its own lets, each refused where it would not read back ({@link ReadBack}).
     */
    public String infix() {
        Map<String, Node> named = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : blocks().entrySet()) named.put("d log pi / d " + e.getKey(), e.getValue());
        return ReadBack.infix("log pi", Map.of("log pi", logPi)) + "\n\n" + ReadBack.infix("the derivatives", named);
    }

    /** What {@code policygrad derive} prints: {@link #infix()} and a line break. */
    @Override
    public String toString() {
        return infix() + "\n";
    }

    /** The same in LaTeX. */
    public String latex() {
        Map<String, Node> named = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : blocks().entrySet()) {
            named.put("\\frac{\\partial \\log \\pi}{\\partial " + ExprPrinter.latex(layout.block(e.getKey()).node()) + "}",
                    e.getValue());
        }
        return ExprPrinter.latex(Map.of("\\log \\pi", logPi)) + "\n\n" + ExprPrinter.latex(named);
    }

    /** As JSON: log pi and each block's derivative, in infix (each held to {@link ReadBack}) and LaTeX. */
    public Map<String, Object> json() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("log_pi", ReadBack.infix("log pi", logPi));
        report.put("log_pi_latex", ExprPrinter.latex(logPi));
        Map<String, Object> derivatives = new LinkedHashMap<>();
        blocks.forEach((name, node) -> {
            Map<String, Object> forms = new LinkedHashMap<>();
            forms.put("infix", ReadBack.infix("d log pi / d " + name, node));
            forms.put("latex", ExprPrinter.latex(node));
            derivatives.put(name, forms);
        });
        report.put("gradient", derivatives);
        return report;
    }

    /**
     * The symbolic gradient evaluated at (theta, state, action), in theta's layout. log pi itself is
     * evaluated first, so that where plain evaluation fails this fails the same way.
     */
    public double[] evaluate(double[] theta, double[] state, double action) {
        return evaluate(theta, state, new double[] {action});
    }

    /** As {@link #evaluate(double[], double[], double)} with the action's components (a vector action). */
    public double[] evaluate(double[] theta, double[] state, double[] action) {
        double[] gradient = new double[layout.size()];
        double[] s = state == null ? new double[0] : state;
        plain.newTape().forward(theta, s, action, 0);
        if (program == null) return gradient;
        Tape tape = program.newTape();
        tape.forward(theta, s, action, 0);
        double[] block = new double[0];
        for (int k = 0; k < layout.blocks().size(); k++) {
            ParameterLayout.Block b = layout.blocks().get(k);
            if (block.length < b.size()) block = new double[b.size()];
            tape.output(k, block);
            System.arraycopy(block, 0, gradient, b.offset(), b.size());
        }
        return gradient;
    }
}
