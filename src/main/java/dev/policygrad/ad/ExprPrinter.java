package dev.policygrad.ad;

import dev.policygrad.diag.SizeLimitError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Printed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints IR expressions as infix text in the formula language's own syntax, and as LaTeX, using each
 * primitive's {@link Op#infix} and {@link Op#latex}. Parameters and inputs print by name (the state
 * {@code s}, the action {@code a}); constants without a trailing {@code .0}.
 *
 * <p>A subexpression that is used more than once and is worth naming is printed once, as a binding
 * {@code let t1 = softmax(theta)}, and referred to by name after, so the printed form does no work
 * twice: its size is linear in the number of DAG nodes, not in the size of the unfolded tree. Cheap
 * subexpressions of leaves ({@code theta[a]}, {@code onehot(a)}, {@code -k}) are repeated instead.
 *
 * <p>Printing takes time linear in the text it writes. Each primitive prints itself around placeholders
 * for its arguments, not their texts, and the printer keeps that print split at the placeholders; the texts
 * are joined once, at the end, by writing every piece into one buffer. Copying each argument's text into its
 * user's instead would copy a chain of n additions' partial sums, n^2 characters for a text of n terms.
 *
 * <p>Infix text always parses: a long sum of scalars prints as the {@code sum} of a vector of its terms, and a
 * formula nested deeper than {@link #MAX_NESTING} levels is cut by {@code let}s. LaTeX is printed as it nests.
 */
public final class ExprPrinter {

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
            "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega");

    /**
     * The most characters one printer writes (its {@code let}s and expressions together); beyond it printing
     * stops with a {@link SizeLimitError}.
     */
    public static final long TEXT_LIMIT = 500_000_000;

    /**
     * The deepest a printed formula nests, in levels of its expression tree, before a subexpression is named with a
     * {@code let} of its own. A level opens at most two brackets in the text (a call's or an index's, and the
     * parentheses around an argument), a constant two more, and a run of {@code +} or {@code *} is a level per
     * operator, so a formula of 100 levels stays well within the 1000 the parser reads and the text reads back.
     */
    static final int MAX_NESTING = 100;

    /**
     * The most terms a sum of scalars prints as a chain {@code t0 + t1 - t2 ...}; a longer one, which would nest a
     * level per term, prints as {@code sum([t0, t1, -t2, ...])}.
     */
    static final int LONG_SUM = MAX_NESTING / 2;

    /** Opens a placeholder: a character of Unicode's private use area, which no primitive or name prints. */
    private static final char OPEN = '\uE000';
    /** Closes a placeholder, after the argument's position in decimal. */
    private static final char CLOSE = '\uE001';

    private final boolean latex;
    private long written;
    /** Every node printed so far, as a fragment: its text with its inlined arguments' fragments in place. */
    private final Map<Node, Fragment> printed = new IdentityHashMap<>();
    private final List<String> bindings = new ArrayList<>();

    private ExprPrinter(boolean latex) {
        this.latex = latex;
    }

    /** {@code expr} as infix text: {@code let} lines for shared subexpressions, then the expression. */
    public static String infix(Node expr) {
        ExprPrinter p = new ExprPrinter(false);
        String body = p.print(Map.of("", expr)).get("");
        return p.lets() + body;
    }

    /** Several expressions printed together, sharing their {@code let}s; one line {@code name = expr} each. */
    public static String infix(Map<String, Node> named) {
        ExprPrinter p = new ExprPrinter(false);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : p.print(named).entrySet()) {
            out.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        return p.lets() + out.toString().stripTrailing();
    }

    /** {@code expr} as LaTeX; shared subexpressions are named {@code t_{1}} and defined after a "where". */
    public static String latex(Node expr) {
        ExprPrinter p = new ExprPrinter(true);
        String body = p.print(Map.of("", expr)).get("");
        if (p.bindings.isEmpty()) return body;
        return body + " \\quad \\text{where } " + String.join(",\\; ", p.bindings);
    }

    /** Several expressions as the rows of an {@code aligned} environment, the shared definitions first. */
    public static String latex(Map<String, Node> named) {
        ExprPrinter p = new ExprPrinter(true);
        Map<String, String> bodies = p.print(named);
        List<String> rows = new ArrayList<>();
        for (String binding : p.bindings) rows.add(binding.replaceFirst(" = ", " &= "));
        for (Map.Entry<String, String> e : bodies.entrySet()) rows.add(name(e.getKey(), true) + " &= " + e.getValue());
        return "\\begin{aligned}\n" + String.join(" \\\\\n", rows) + "\n\\end{aligned}";
    }

    private String lets() {
        StringBuilder out = new StringBuilder();
        for (String binding : bindings) out.append("let ").append(binding).append('\n');
        return out.toString();
    }

    /** Prints every root, filling {@link #bindings}; the roots' texts, by their names. */
    private Map<String, String> print(Map<String, Node> roots) {
        List<Node> order = Graph.topologicalOrder(new ArrayList<>(roots.values()));
        Map<Node, Integer> uses = new IdentityHashMap<>();
        Set<String> taken = new HashSet<>();
        Set<Node> rootNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        rootNodes.addAll(roots.values());
        for (Node root : roots.values()) uses.merge(root, 1, Integer::sum);
        for (Node node : order) {
            if (node instanceof Node.Apply a) for (Node arg : a.args()) uses.merge(arg, 1, Integer::sum);
            if (node instanceof Node.Param p) taken.add(p.name());
            if (node instanceof Node.Input i) taken.add(i.name());
        }
        Set<Node> inLongSum = latex ? Set.of() : innerPartialSums(order, uses);
        int count = 0;
        for (Node node : order) {
            if (inLongSum.contains(node)) continue;
            Printed leaf = leaf(node);
            Fragment text;
            if (leaf != null) {
                text = new Fragment(new Object[] {leaf.text()}, leaf.precedence(), 0);
            } else {
                Node.Apply a = (Node.Apply) node;
                if (longScalarSum(a, inLongSum)) {
                    text = sumOfTerms(a, inLongSum);
                } else {
                    List<Printed> args = new ArrayList<>();
                    Fragment[] fragments = new Fragment[a.args().size()];
                    for (int k = 0; k < fragments.length; k++) {
                        fragments[k] = printed.get(a.arg(k));
                        args.add(new Printed(placeholder(k), fragments[k].precedence()));
                    }
                    // the length of onehot and broadcast lies in the node's shape: print it, so the text reads back
                    if (a.op() == Ops.ONEHOT || a.op() == Ops.BROADCAST) args.add(dimensions(a));
                    text = Fragment.of(latex ? a.op().latex(args) : a.op().infix(args), fragments, a.op().precedence());
                }
                boolean shared = uses.get(node) > 1 && !cheap(a);
                boolean deep = !latex && text.depth() >= MAX_NESTING && !rootNodes.contains(node);
                if (shared || deep) {
                    String name;
                    do name = "t" + ++count; while (taken.contains(name));
                    String shown = latex ? "t_{" + name.substring(1) + "}" : name;
                    bindings.add(write(shown + " = ", text));
                    text = new Fragment(new Object[] {shown}, Op.ATOM, 0);
                }
            }
            printed.put(node, text);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : roots.entrySet()) out.put(e.getKey(), write("", printed.get(e.getValue())));
        return out;
    }

    /** Whether {@code node} is a sum or difference of scalars. */
    private static boolean scalarSum(Node node) {
        return (Ops.ADD.is(node) || Ops.SUB.is(node)) && node.shape().isScalar();
    }

    /**
     * The partial sums inside the scalar sums of more than {@link #LONG_SUM} terms: a scalar sum whose one use is
     * as the left operand of another, in a chain {@code ((t0 + t1) - t2) + ...} that long. They are printed only
     * as part of their chain's {@link #sumOfTerms}.
     */
    private static Set<Node> innerPartialSums(List<Node> order, Map<Node, Integer> uses) {
        Set<Node> inner = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : order) {
            if (scalarSum(node) && scalarSum(arg(node, 0)) && uses.get(arg(node, 0)) == 1) inner.add(arg(node, 0));
        }
        Set<Node> inLong = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : order) {
            if (!scalarSum(node) || inner.contains(node)) continue;
            // node ends a chain: count its terms, each partial sum visited by this chain only
            int terms = 2;
            for (Node n = arg(node, 0); inner.contains(n); n = arg(n, 0)) terms++;
            if (terms <= LONG_SUM) continue;
            for (Node n = arg(node, 0); inner.contains(n); n = arg(n, 0)) inLong.add(n);
        }
        return inLong;
    }

    /** Whether {@code a} ends a scalar sum of more than {@link #LONG_SUM} terms, its partial sums {@code inLongSum}. */
    private static boolean longScalarSum(Node.Apply a, Set<Node> inLongSum) {
        return scalarSum(a) && inLongSum.contains(a.arg(0));
    }

    /**
     * The chain of scalar additions and subtractions that {@code top} ends, {@code ((t0 + t1) - t2) + ...}, as
     * {@code sum([t0, t1, -t2, ...])}: the same additions in the same order, since {@code sum} adds a vector's
     * elements from the first, and {@code x - y} is exactly {@code x + -y}. (It starts from 0, so a first term of
     * -0 sums to 0.) Its text nests no deeper than its deepest term, while the chain's nests once per term.
     */
    private Fragment sumOfTerms(Node.Apply top, Set<Node> inLongSum) {
        List<Object> terms = new ArrayList<>();
        int depth = 0;
        Node n = top;
        while (true) {
            Fragment term = printed.get(arg(n, 1));
            if (Ops.SUB.is(n)) {
                term = Fragment.of(Ops.NEG.infix(List.of(new Printed(placeholder(0), term.precedence()))),
                        new Fragment[] {term}, Ops.NEG.precedence());
            }
            terms.add(term);
            depth = Math.max(depth, term.depth());
            if (!inLongSum.contains(arg(n, 0))) break;
            n = arg(n, 0);
        }
        Fragment first = printed.get(arg(n, 0));
        terms.add(first);
        depth = Math.max(depth, first.depth());
        List<Object> parts = new ArrayList<>();
        parts.add("sum([");
        for (int k = terms.size() - 1; k >= 0; k--) {
            parts.add(terms.get(k));
            parts.add(k == 0 ? "])" : ", ");
        }
        return new Fragment(parts.toArray(), Op.ATOM, depth + 1);
    }

    private static Node arg(Node apply, int k) {
        return ((Node.Apply) apply).arg(k);
    }

    /**
     * What a primitive is given to print for its argument at position {@code k}: a mark that {@link Fragment#of}
     * finds again in the primitive's text, where the argument's own text belongs.
     */
    private static String placeholder(int k) {
        return OPEN + Integer.toString(k) + CLOSE;
    }

    /**
     * A printed subexpression whose arguments are not yet copied in: its parts are strings and, where an argument
     * is inlined, that argument's fragment. Joined by {@link #write}, each fragment's own text is copied once.
     */
    private record Fragment(Object[] parts, int precedence, int depth) {

        /**
         * {@code text}, a primitive's print of its arguments' {@link #placeholder placeholders}, split at them; one
         * level deeper than its deepest argument.
         */
        static Fragment of(String text, Fragment[] args, int precedence) {
            List<Object> parts = new ArrayList<>();
            int from = 0, depth = 0;
            for (int open = text.indexOf(OPEN); open >= 0; open = text.indexOf(OPEN, from)) {
                int close = text.indexOf(CLOSE, open);
                if (open > from) parts.add(text.substring(from, open));
                Fragment arg = args[Integer.parseInt(text, open + 1, close, 10)];
                parts.add(arg);
                depth = Math.max(depth, arg.depth());
                from = close + 1;
            }
            if (from < text.length()) parts.add(text.substring(from));
            return new Fragment(parts.toArray(), precedence, depth + 1);
        }
    }

    /**
     * {@code head} then {@code fragment}'s text, its inlined arguments written in place, depth first with a stack
     * of its own (a chain of additions nests as deep as it is long); counted against {@link #TEXT_LIMIT}.
     */
    private String write(String head, Fragment fragment) {
        StringBuilder out = new StringBuilder(head);
        written += head.length();
        ArrayDeque<Object[]> parts = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        parts.push(fragment.parts());
        next.push(0);
        while (!parts.isEmpty()) {
            Object[] current = parts.peek();
            int k = next.pop();
            if (k == current.length) {
                parts.pop();
                continue;
            }
            next.push(k + 1);
            if (current[k] instanceof Fragment inner) {
                parts.push(inner.parts());
                next.push(0);
                continue;
            }
            String text = (String) current[k];
            written += text.length();
            if (written > TEXT_LIMIT) {
                throw new SizeLimitError("printing this expression writes more than " + TEXT_LIMIT + " characters;"
                        + " reverse mode (score, eval, train) and check are unaffected");
            }
            out.append(text);
        }
        return out.toString();
    }

    private static Printed dimensions(Node.Apply a) {
        String dims = a.shape().isMatrix() ? a.shape().rows() + ", " + a.shape().cols() : Integer.toString(a.shape().size());
        return new Printed(dims, Op.ATOM);
    }

    /** Worth repeating rather than naming: a cheap primitive of leaves only. */
    private static boolean cheap(Node.Apply a) {
        for (Node arg : a.args()) if (arg instanceof Node.Apply) return false;
        Op op = a.op();
        return op == Ops.PICK || op == Ops.ONEHOT || op == Ops.NEG || op == Ops.TRANSPOSE || op == Ops.BROADCAST;
    }

    private Printed leaf(Node node) {
        if (node instanceof Node.Param p) return new Printed(name(p.name(), latex), Op.ATOM);
        if (node instanceof Node.Input i) return new Printed(name(i.name(), latex), Op.ATOM);
        if (node instanceof Node.Const c) return constant(c);
        return null;
    }

    private Printed constant(Node.Const c) {
        double[] values = c.values();
        if (!latex) {
            // The language has no literal for Infinity or NaN (a constant that folds to one is a check
            // error), so printing one would give text that does not read back: a bug, not output.
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("a formula to print holds the constant " + v
                            + ", which has no literal in the language");
                }
            }
        }
        if (c.shape().isScalar()) {
            String text = number(values[0]);
            return new Printed(text, text.startsWith("-") ? Ops.NEG.precedence() : Op.ATOM);
        }
        int k = c.shape().isVector() ? basisIndex(values) : -1;
        // e_k prints as onehot(k, n) where that is shorter than its literal [0, ..., 1, ..., 0] of 3n characters: a
        // derivative summing e_k times a scalar over a block's n elements is then text linear in n, not quadratic
        if (k >= 0 && "onehot(, )".length() + digits(k) + digits(values.length) < 3 * values.length) {
            return new Printed(latex ? "\\mathbf{e}_{" + k + "}" : "onehot(" + k + ", " + values.length + ")", Op.ATOM);
        }
        int rows = c.shape().rows(), cols = c.shape().cols();
        List<String> rowTexts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) row.add(number(values[i * cols + j]));
            rowTexts.add(String.join(latex ? " & " : ", ", row));
        }
        if (latex) return new Printed("\\begin{bmatrix}" + String.join(" \\\\ ", rowTexts) + "\\end{bmatrix}", Op.ATOM);
        if (c.shape().isVector()) return new Printed("[" + String.join(", ", rowTexts) + "]", Op.ATOM);
        return new Printed("[[" + String.join("], [", rowTexts) + "]]", Op.ATOM);
    }

    /** The position of the one 1 among zeros, or -1 when {@code values} is not a basis vector. */
    private static int basisIndex(double[] values) {
        int one = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1 && one < 0) one = i;
            else if (values[i] != 0) return -1;
        }
        return one;
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    /**
     * A number as written in a formula: {@code 2}, {@code 0.5}, {@code -1}, {@code 1.0E-5}; a non-finite
     * one (only ever printed in LaTeX, see {@link #constant}) as {@code \infty} or {@code \mathrm{NaN}}.
     */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Double.isNaN(v)) return "\\mathrm{NaN}";
        if (Double.isInfinite(v)) return v > 0 ? "\\infty" : "-\\infty";
        return Double.toString(v);
    }

    /** A parameter's name in LaTeX ({@code theta} as {@code \theta}, {@code log_std} upright-italic). */
    public static String latexName(String name) {
        return name(name, true);
    }

    /**
     * A name as printed: unchanged in infix; in LaTeX Greek names become letters ({@code theta} as
     * {@code \theta}), a trailing index becomes a subscript ({@code theta_1}, {@code x2}), and other
     * names of more than one letter are set upright-italic as one word ({@code \mathit{log\_std}});
     * a name that is already LaTeX (it starts with a backslash) is kept.
     */
    static String name(String name, boolean latex) {
        if (!latex || name.startsWith("\\")) return name;
        var m = java.util.regex.Pattern.compile("([A-Za-z]+)_?([0-9]+|[A-Za-z])?").matcher(name);
        if (m.matches() && (m.group(1).length() == 1 || GREEK.contains(m.group(1)))) {
            String base = m.group(1).length() == 1 ? m.group(1) : "\\" + m.group(1);
            return m.group(2) == null ? base : base + "_{" + m.group(2) + "}";
        }
        if (name.length() == 1) return name;
        return "\\mathit{" + name.replace("_", "\\_") + "}";
    }
}
