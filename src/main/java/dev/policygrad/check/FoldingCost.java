package dev.policygrad.check;

import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.List;

/**
 * What folding one constant operation costs, in arithmetic operations, estimated from the shapes
 * before it is done: a matrix product of (m x k) by (k x n) is m k n multiply-adds, an outer product
 * m n, anything else the size of its arguments and result. {@link Lowering} adds these up and refuses
 * a program whose constants take more than {@link #MAX_WORK} (chained products of 1000 x 1000
 * constant matrices would otherwise take minutes before a single line is checked).
 */
final class FoldingCost {

    /** The most arithmetic operations all the constant folding of one program may take. */
    static final long MAX_WORK = 200_000_000L;

    private FoldingCost() {}

    static long of(dev.policygrad.ir.Op op, List<Node.Const> args, Shape result) {
        if (op == Ops.MATMUL || op == Ops.MATVEC || op == Ops.VECMAT || op == Ops.DOT) {
            Shape x = args.get(0).shape();
            long inner = x.isVector() ? x.rows() : x.cols();
            return Math.max(1, (long) result.size()) * Math.max(1, inner);
        }
        long work = result.size();
        for (Node.Const c : args) work += c.shape().size();
        return work;
    }
}
