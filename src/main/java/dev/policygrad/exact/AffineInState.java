package dev.policygrad.exact;

import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How an IR expression depends on the state input: not at all, affinely (c_0 + c_1 s with c_0, c_1
 * free of s), or otherwise. Decided from the structure of the DAG, conservatively: sums,
 * differences, negations, selections and products with one state-free factor keep affinity; a
 * product of two state-dependent factors, a division by one, a non-linear function of one, or a
 * dependence on the action or on noise does not. An expression that is affine in fact but not
 * by this structure (s * s - s * s) is reported as not affine, which only costs exactness elsewhere.
 */
final class AffineInState {

    static final int CONSTANT = 0;
    static final int AFFINE = 1;
    static final int OTHER = 2;

    private static final Set<Op> LINEAR = Set.of(Ops.NEG, Ops.ADD, Ops.SUB, Ops.BROADCAST, Ops.STACK, Ops.TRANSPOSE,
            Ops.SUM);
    private static final Set<Op> BILINEAR = Set.of(Ops.MUL, Ops.DOT, Ops.MATVEC, Ops.VECMAT, Ops.MATMUL, Ops.OUTER);

    private final Map<Node, Integer> memo = new IdentityHashMap<>();

    private AffineInState() {}

    /** {@link #CONSTANT}, {@link #AFFINE} or {@link #OTHER}. */
    static int degree(Node node) {
        return new AffineInState().of(node);
    }

    private int of(Node node) {
        Integer known = memo.get(node);
        if (known != null) return known;
        int d = compute(node);
        memo.put(node, d);
        return d;
    }

    private int compute(Node node) {
        if (node instanceof Node.Const || node instanceof Node.Param) return CONSTANT;
        if (node instanceof Node.Input in) return in.kind() == Node.InputKind.STATE ? AFFINE : OTHER;
        Node.Apply apply = (Node.Apply) node;
        Op op = apply.op();
        int[] d = new int[apply.args().size()];
        int max = CONSTANT;
        for (int i = 0; i < d.length; i++) {
            d[i] = of(apply.arg(i));
            max = Math.max(max, d[i]);
        }
        if (max == CONSTANT) return CONSTANT;
        if (max == OTHER) return OTHER;
        if (LINEAR.contains(op)) return AFFINE;
        if (BILINEAR.contains(op)) return d[0] != CONSTANT && d[1] != CONSTANT ? OTHER : AFFINE;
        if (op == Ops.PICK) return d[1] == CONSTANT ? d[0] : OTHER;
        if (op == Ops.DIV) return d[1] == CONSTANT ? d[0] : OTHER;
        if (op == Ops.WHERE) return d[0] == CONSTANT ? AFFINE : OTHER;
        return OTHER;
    }
}
