package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * Products of vectors and matrices, each one tape entry with its own adjoint rule.
 * <table>
 *   <caption>value and adjoints</caption>
 *   <tr><th>op</th><th>y</th><th>first argument's adjoint</th><th>second's</th></tr>
 *   <tr><td>dot(u, v)</td><td>u . v</td><td>y_bar v</td><td>y_bar u</td></tr>
 *   <tr><td>matvec(M, v)</td><td>M v</td><td>y_bar v^T</td><td>M^T y_bar</td></tr>
 *   <tr><td>vecmat(u, M)</td><td>M^T u</td><td>M y_bar</td><td>u y_bar^T</td></tr>
 *   <tr><td>matmul(A, B)</td><td>A B</td><td>y_bar B^T</td><td>A^T y_bar</td></tr>
 *   <tr><td>outer(u, v)</td><td>u v^T</td><td>y_bar v</td><td>y_bar^T u</td></tr>
 * </table>
 * The language's {@code @} is dot, matvec, vecmat or matmul according to the operands' ranks.
 */
public final class Product extends Op {

    enum Kind { DOT, MATVEC, VECMAT, MATMUL, OUTER }

    private final Kind kind;

    Product(String name, Kind kind) {
        super(name);
        this.kind = kind;
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, name() + " takes 2 arguments, got " + args.size());
        Shape x = args.get(0).shape(), z = args.get(1).shape();
        switch (kind) {
            case DOT:
                Graph.require(x.isVector() && z.isVector() && x.rows() == z.rows(), span,
                        "'@' of two vectors needs equal lengths, got " + x + " @ " + z);
                return Shape.SCALAR;
            case MATVEC:
                Graph.require(x.isMatrix() && z.isVector() && x.cols() == z.rows(), span,
                        "'@' of a matrix and a vector needs the matrix's columns to match the vector's length, got "
                                + x + " @ " + z);
                return Shape.vector(x.rows());
            case VECMAT:
                Graph.require(x.isVector() && z.isMatrix() && x.rows() == z.rows(), span,
                        "'@' of a vector and a matrix needs the vector's length to match the matrix's rows, got "
                                + x + " @ " + z);
                return Shape.vector(z.cols());
            case MATMUL:
                Graph.require(x.isMatrix() && z.isMatrix() && x.cols() == z.rows(), span,
                        "'@' of two matrices needs the first's columns to match the second's rows, got "
                                + x + " @ " + z);
                return Shape.matrix(x.rows(), z.cols());
            default:
                Graph.require(x.isVector() && z.isVector(), span, "outer takes two vectors, got " + x + " and " + z);
                return Shape.matrix(x.rows(), z.rows());
        }
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1), y = Instr.out(code, pc);
        int ar = Instr.argRows(code, pc, 0), ac = Instr.argCols(code, pc, 0);
        int br = Instr.argRows(code, pc, 1), bc = Instr.argCols(code, pc, 1);
        switch (kind) {
            case DOT: {
                double s = 0;
                for (int i = 0; i < ar; i++) s += v[a + i] * v[b + i];
                v[y] = s;
                return;
            }
            case MATVEC:
                matvec(v, a, ar, ac, b, y);
                return;
            case VECMAT:
                for (int j = 0; j < bc; j++) v[y + j] = 0;
                for (int i = 0; i < br; i++) {
                    double ui = v[a + i];
                    int row = b + i * bc;
                    for (int j = 0; j < bc; j++) v[y + j] += ui * v[row + j];
                }
                return;
            case MATMUL:
                for (int i = 0; i < ar; i++) {
                    int out = y + i * bc;
                    for (int j = 0; j < bc; j++) v[out + j] = 0;
                    for (int k = 0; k < ac; k++) {
                        double aik = v[a + i * ac + k];
                        int row = b + k * bc;
                        for (int j = 0; j < bc; j++) v[out + j] += aik * v[row + j];
                    }
                }
                return;
            default:
                for (int i = 0; i < ar; i++) {
                    double ui = v[a + i];
                    for (int j = 0; j < br; j++) v[y + i * br + j] = ui * v[b + j];
                }
        }
    }

    /**
     * {@code y = M v} for the {@code rows x cols} matrix at {@code m}. Four rows share each pass over
     * v, so four independent sums are in flight at once instead of one chain of dependent additions.
     */
    private static void matvec(double[] v, int m, int rows, int cols, int x, int y) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = m + i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int j = 0; j < cols; j++) {
                double xj = v[x + j];
                s0 += v[r0 + j] * xj;
                s1 += v[r1 + j] * xj;
                s2 += v[r2 + j] * xj;
                s3 += v[r3 + j] * xj;
            }
            v[y + i] = s0;
            v[y + i + 1] = s1;
            v[y + i + 2] = s2;
            v[y + i + 3] = s3;
        }
        for (; i + 2 <= rows; i += 2) {
            int r0 = m + i * cols, r1 = r0 + cols;
            double s0 = 0, s1 = 0;
            for (int j = 0; j < cols; j++) {
                double xj = v[x + j];
                s0 += v[r0 + j] * xj;
                s1 += v[r1 + j] * xj;
            }
            v[y + i] = s0;
            v[y + i + 1] = s1;
        }
        for (; i < rows; i++) {
            int r0 = m + i * cols;
            double s0 = 0;
            for (int j = 0; j < cols; j++) s0 += v[r0 + j] * v[x + j];
            v[y + i] = s0;
        }
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1), y = Instr.out(code, pc);
        int ar = Instr.argRows(code, pc, 0), ac = Instr.argCols(code, pc, 0);
        int br = Instr.argRows(code, pc, 1), bc = Instr.argCols(code, pc, 1);
        boolean needA = Instr.needs(code, pc, 0), needB = Instr.needs(code, pc, 1);
        switch (kind) {
            case DOT: {
                double yBar = bar[y];
                if (needA) for (int i = 0; i < ar; i++) bar[a + i] += yBar * v[b + i];
                if (needB) for (int i = 0; i < ar; i++) bar[b + i] += yBar * v[a + i];
                return;
            }
            case MATVEC:
                for (int i = 0; i < ar; i++) {
                    double yBar = bar[y + i];
                    if (yBar == 0) continue;
                    int row = a + i * ac;
                    if (needA) for (int j = 0; j < ac; j++) bar[row + j] += yBar * v[b + j];
                    if (needB) for (int j = 0; j < ac; j++) bar[b + j] += yBar * v[row + j];
                }
                return;
            case VECMAT:
                for (int i = 0; i < br; i++) {
                    int row = b + i * bc;
                    if (needA) {
                        double s = 0;
                        for (int j = 0; j < bc; j++) s += v[row + j] * bar[y + j];
                        bar[a + i] += s;
                    }
                    if (needB) {
                        double ui = v[a + i];
                        for (int j = 0; j < bc; j++) bar[row + j] += ui * bar[y + j];
                    }
                }
                return;
            case MATMUL:
                for (int i = 0; i < ar; i++) {
                    for (int k = 0; k < ac; k++) {
                        int row = b + k * bc, out = y + i * bc;
                        double s = 0;
                        double aik = v[a + i * ac + k];
                        for (int j = 0; j < bc; j++) {
                            s += bar[out + j] * v[row + j];
                            if (needB) bar[row + j] += aik * bar[out + j];
                        }
                        if (needA) bar[a + i * ac + k] += s;
                    }
                }
                return;
            default:
                for (int i = 0; i < ar; i++) {
                    for (int j = 0; j < br; j++) {
                        double yBar = bar[y + i * br + j];
                        if (needA) bar[a + i] += yBar * v[b + j];
                        if (needB) bar[b + j] += yBar * v[a + i];
                    }
                }
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] a = args.get(0), b = args.get(1);
        Shape sa = node.arg(0).shape(), sb = node.arg(1).shape();
        DerivativeStructure zero = a[0].multiply(0);
        int rows = node.shape().rows(), cols = node.shape().cols();
        DerivativeStructure[] out = new DerivativeStructure[rows * cols];
        switch (kind) {
            case DOT: {
                DerivativeStructure s = zero;
                for (int i = 0; i < a.length; i++) s = s.add(a[i].multiply(b[i]));
                out[0] = s;
                break;
            }
            case MATVEC:
                for (int i = 0; i < sa.rows(); i++) {
                    DerivativeStructure s = zero;
                    for (int j = 0; j < sa.cols(); j++) s = s.add(a[i * sa.cols() + j].multiply(b[j]));
                    out[i] = s;
                }
                break;
            case VECMAT:
                for (int j = 0; j < sb.cols(); j++) {
                    DerivativeStructure s = zero;
                    for (int i = 0; i < sb.rows(); i++) s = s.add(a[i].multiply(b[i * sb.cols() + j]));
                    out[j] = s;
                }
                break;
            case MATMUL:
                for (int i = 0; i < sa.rows(); i++) {
                    for (int j = 0; j < sb.cols(); j++) {
                        DerivativeStructure s = zero;
                        for (int k = 0; k < sa.cols(); k++) {
                            s = s.add(a[i * sa.cols() + k].multiply(b[k * sb.cols() + j]));
                        }
                        out[i * sb.cols() + j] = s;
                    }
                }
                break;
            default:
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < b.length; j++) out[i * b.length + j] = a[i].multiply(b[j]);
                }
        }
        return out;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node a = y.arg(0), b = y.arg(1);
        switch (kind) {
            case DOT: return List.of(g.mul(yBar, b), g.mul(yBar, a));
            case MATVEC: return List.of(g.call(Ops.OUTER, yBar, b), g.call(Ops.VECMAT, yBar, a));
            case VECMAT: return List.of(g.call(Ops.MATVEC, b, yBar), g.call(Ops.OUTER, a, yBar));
            case MATMUL:
                return List.of(g.call(Ops.MATMUL, yBar, g.call(Ops.TRANSPOSE, b)),
                        g.call(Ops.MATMUL, g.call(Ops.TRANSPOSE, a), yBar));
            default: return List.of(g.call(Ops.MATVEC, yBar, b), g.call(Ops.VECMAT, a, yBar));
        }
    }

    @Override
    public int precedence() {
        return kind == Kind.OUTER ? ATOM : 5;
    }

    @Override
    public String infix(List<Printed> args) {
        if (kind == Kind.OUTER) return super.infix(args);
        return args.get(0).at(5) + " @ " + args.get(1).at(6);
    }

    @Override
    public String latex(List<Printed> args) {
        String a = args.get(0).latexAt(5), b = args.get(1).latexAt(6);
        switch (kind) {
            case DOT: return a + "^\\top " + b;
            case VECMAT: return b + "^\\top " + a;
            case OUTER: return args.get(0).latexAt(ATOM) + " " + args.get(1).latexAt(ATOM) + "^\\top";
            default: return a + " " + b;
        }
    }
}
