package dev.policygrad.ast;

import dev.policygrad.ast.Decl.ActionSet;
import dev.policygrad.ast.Decl.EnvItem;
import dev.policygrad.ast.Decl.MdpItem;
import dev.policygrad.ast.Decl.ParamInit;
import dev.policygrad.ast.Decl.StateDistribution;
import dev.policygrad.ast.Decl.WeightedState;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a syntax tree in canonical form: one declaration per line, one block item per line
 * indented two spaces, single spaces around infix operators, and only the parentheses precedence
 * requires. Parsing the printed text gives back an equal tree (spans aside), for every tree the
 * parser can produce.
 *
 * <p>Precedence, loosest first: {@code if}, or, and, not, comparisons, {@code + -}, {@code * /},
 * {@code @}, unary minus, {@code ^} (right-associative), indexing. A prefix operator ({@code -},
 * {@code not}, {@code if}) never needs parentheses on its left, since it can start any operand; it
 * needs them only when an operator follows that its operand would otherwise swallow: {@code (-x) ^ 2}
 * but {@code 2 ^ -x}, {@code (not a) + b} but {@code a + not b}.
 */
public final class AstPrinter {

    private AstPrinter() {}

    /** The program, one declaration per line, each line ending in a newline. */
    public static String print(SyntaxTree program) {
        StringBuilder out = new StringBuilder();
        for (Decl decl : program.decls()) out.append(print(decl)).append('\n');
        return out.toString();
    }

    /** One declaration; a block's items are on their own lines. */
    public static String print(Decl decl) {
        return decl.accept(new DeclPrinter());
    }

    /** A formula on one line. */
    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        new ExprPrinter(out).print(expr, Level.LOOSEST, Level.NOTHING_FOLLOWS);
        return out.toString();
    }

    /**
     * A number as the grammar reads it back to the same double: {@code 2}, {@code 0.5},
     * {@code 1e-5}, {@code 1.5e20}; never Java's {@code 1.0E-5}, which is not a literal of the
     * language. A negative number prints with a leading minus.
     */
    public static String number(double value) {
        if (value < 0 || (value == 0 && 1 / value < 0)) return "-" + number(-value);
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return "1e999";
        if (value == Math.rint(value) && value < 1e15) return Long.toString((long) value);
        String shortest = Double.toString(value);
        int exponent = shortest.indexOf('E');
        if (exponent < 0) return shortest;
        String mantissa = shortest.substring(0, exponent);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        return mantissa + "e" + shortest.substring(exponent + 1);
    }

    /**
     * A block setting's value: {@code horizon} takes only digits in the grammar, so a whole number of
     * any size prints in full ({@code 100000000000000000000}, never {@code 1e20}).
     */
    static String setting(String key, double value) {
        if (key.equals("horizon") && value >= 0 && value == Math.rint(value) && !Double.isInfinite(value)) {
            return new java.math.BigDecimal(value).toPlainString();
        }
        return number(value);
    }

    /** How tightly each form binds; an operand binding looser than its place needs parentheses. */
    private static final class Level {
        static final int NOTHING_FOLLOWS = Integer.MIN_VALUE;
        static final int LOOSEST = Integer.MIN_VALUE;
        static final int NOT = 3;
        static final int NEGATE = 12;
        static final int POSTFIX = 20;
        static final int ATOM = 30;

        /** Binary levels are twice the operator's precedence, leaving room for {@code not}. */
        static int of(Expr.BinaryOp op) {
            return 2 * op.precedence;
        }

        /** The loosest following operator a prefix form's operand does not swallow. */
        static int swallows(Expr.UnaryOp op) {
            return op == Expr.UnaryOp.NEGATE ? NEGATE : NOT;
        }
    }

    private static final class ExprPrinter implements Expr.Visitor<Void> {
        private final StringBuilder out;
        private int required;
        private int follows;

        ExprPrinter(StringBuilder out) {
            this.out = out;
        }

        /**
         * Prints {@code expr} where the context needs a form binding at least {@code required},
         * followed by an operator of level {@code follows} (or nothing, or a closing bracket).
         */
        void print(Expr expr, int required, int follows) {
            int savedRequired = this.required;
            int savedFollows = this.follows;
            this.required = required;
            this.follows = follows;
            expr.accept(this);
            this.required = savedRequired;
            this.follows = savedFollows;
        }

        private void printEnclosed(Expr expr) {
            print(expr, Level.LOOSEST, Level.NOTHING_FOLLOWS);
        }

        @Override
        public Void visitNumber(Expr.Number e) {
            if (e.value() < 0 || (e.value() == 0 && 1 / e.value() < 0)) {
                // Not made by the parser (it reads -2 as a negation), but printed faithfully.
                boolean parens = follows > Level.NEGATE;
                if (parens) out.append('(');
                out.append(number(e.value()));
                if (parens) out.append(')');
            } else {
                out.append(number(e.value()));
            }
            return null;
        }

        @Override
        public Void visitName(Expr.Name e) {
            out.append(e.name());
            return null;
        }

        @Override
        public Void visitVector(Expr.Vector e) {
            out.append('[');
            separated(e.elements());
            out.append(']');
            return null;
        }

        @Override
        public Void visitIndex(Expr.Index e) {
            print(e.target(), Level.POSTFIX, Level.POSTFIX);
            out.append('[');
            printEnclosed(e.index());
            out.append(']');
            return null;
        }

        @Override
        public Void visitUnary(Expr.Unary e) {
            boolean parens = follows > Level.swallows(e.op());
            int outerFollows = parens ? Level.NOTHING_FOLLOWS : follows;
            if (parens) out.append('(');
            out.append(e.op().symbol);
            print(e.operand(), Level.swallows(e.op()), outerFollows);
            if (parens) out.append(')');
            return null;
        }

        @Override
        public Void visitBinary(Expr.Binary e) {
            int level = Level.of(e.op());
            boolean parens = level < required;
            int outerFollows = parens ? Level.NOTHING_FOLLOWS : follows;
            boolean rightAssociative = e.op() == Expr.BinaryOp.POWER;
            if (parens) out.append('(');
            print(e.left(), rightAssociative ? level + 1 : level, level);
            out.append(' ').append(e.op().symbol).append(' ');
            print(e.right(), rightAssociative ? level : level + 1, outerFollows);
            if (parens) out.append(')');
            return null;
        }

        @Override
        public Void visitCall(Expr.Call e) {
            out.append(e.function()).append('(');
            for (int i = 0; i < e.args().size(); i++) {
                if (i > 0) out.append(", ");
                Expr.Arg arg = e.args().get(i);
                if (arg.isNamed()) out.append(arg.name()).append(" = ");
                printEnclosed(arg.value());
            }
            out.append(')');
            return null;
        }

        @Override
        public Void visitSumLoop(Expr.SumLoop e) {
            out.append("sum(").append(e.variable()).append(" in ");
            printEnclosed(e.from());
            out.append("..");
            printEnclosed(e.to());
            out.append(", ");
            printEnclosed(e.body());
            out.append(')');
            return null;
        }

        @Override
        public Void visitIf(Expr.If e) {
            // The else branch runs to the end of the formula, so anything following needs parentheses.
            boolean parens = follows != Level.NOTHING_FOLLOWS;
            if (parens) out.append('(');
            out.append("if ");
            printEnclosed(e.condition());
            out.append(" then ");
            printEnclosed(e.then());
            out.append(" else ");
            printEnclosed(e.otherwise());
            if (parens) out.append(')');
            return null;
        }

        private void separated(List<Expr> exprs) {
            for (int i = 0; i < exprs.size(); i++) {
                if (i > 0) out.append(", ");
                printEnclosed(exprs.get(i));
            }
        }
    }

    private static final class DeclPrinter implements Decl.Visitor<String> {

        @Override
        public String visitState(Decl.StateDecl d) {
            return "state " + d.name() + dims(d.dims());
        }

        @Override
        public String visitAction(Decl.ActionDecl d) {
            ActionSet set = d.set();
            if (set instanceof ActionSet.Real real) return "action " + d.name() + dims(real.dims()) + " : real";
            if (set instanceof ActionSet.Range range) {
                return "action " + d.name() + " in " + range.from() + ".." + range.to();
            }
            if (set instanceof ActionSet.Integers integers) {
                return "action " + d.name() + " in {" + integers.values().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + "}";
            }
            return "action " + d.name() + " in {" + joined(((ActionSet.Named) set).names()) + "}";
        }

        @Override
        public String visitParam(Decl.ParamDecl d) {
            String head = "param " + d.name() + dims(d.dims());
            if (d.init() == null) return head;
            if (d.init() instanceof ParamInit.Value value) return head + " = " + print(value.value());
            ParamInit.Draw draw = (ParamInit.Draw) d.init();
            Expr.Call call = new Expr.Call(draw.distribution().text(), draw.args(), Span.NONE);
            return head + " ~ " + print(call);
        }

        @Override
        public String visitEstimator(Decl.EstimatorDecl d) {
            return "estimator " + d.name() + " = " + print(d.body());
        }

        @Override
        public String visitValue(Decl.ValueDecl d) {
            return "value " + d.name() + " = " + print(d.body());
        }

        @Override
        public String visitLet(Decl.LetDecl d) {
            return "let " + d.name() + " = " + print(d.value());
        }

        @Override
        public String visitDef(Decl.DefDecl d) {
            return "def " + d.name() + "(" + joined(d.params()) + ") = " + print(d.body());
        }

        @Override
        public String visitPolicy(Decl.PolicyDecl d) {
            return "policy " + (d.logForm() ? "log " : "") + d.name() + "(" + d.action() + " | " + d.state()
                    + ") = " + print(d.body());
        }

        @Override
        public String visitMdp(Decl.MdpDecl d) {
            List<String> lines = new ArrayList<>();
            for (MdpItem item : d.items()) lines.add(mdpItem(item));
            return block("mdp " + d.name(), lines);
        }

        @Override
        public String visitBuiltinEnv(Decl.BuiltinEnvDecl d) {
            if (d.settings().isEmpty()) return "env " + d.name();
            List<String> settings = new ArrayList<>();
            for (Decl.Setting setting : d.settings()) settings.add(setting.key() + " = " + number(setting.value()));
            return "env " + d.name() + "(" + String.join(", ", settings) + ")";
        }

        @Override
        public String visitFormulaEnv(Decl.FormulaEnvDecl d) {
            List<String> lines = new ArrayList<>();
            for (EnvItem item : d.items()) {
                if (item instanceof EnvItem.Setting setting) {
                    lines.add(setting.key() + " " + setting(setting.key(), setting.value()));
                } else {
                    EnvItem.Formula formula = (EnvItem.Formula) item;
                    lines.add(formula.key() + " = " + print(formula.value()));
                }
            }
            return block("env " + d.name(), lines);
        }

        @Override
        public String visitClaim(Decl.ClaimDecl d) {
            return "claim " + d.name() + ": " + print(d.lhs()) + " = " + print(d.rhs());
        }

        private static String mdpItem(MdpItem item) {
            if (item instanceof MdpItem.Setting setting) return setting.key() + " " + setting(setting.key(), setting.value());
            if (item instanceof MdpItem.Start start) return "start " + distribution(start.distribution());
            if (item instanceof MdpItem.Terminal terminal) return "terminal " + joined(terminal.states());
            if (item instanceof MdpItem.Observe observe) {
                List<String> numbers = new ArrayList<>();
                for (double value : observe.vector()) numbers.add(number(value));
                return "observe " + observe.state() + " = [" + String.join(", ", numbers) + "]";
            }
            MdpItem.Transition transition = (MdpItem.Transition) item;
            return transition.from() + " " + transition.action() + " -> " + distribution(transition.to())
                    + (transition.reward() == null ? "" : " reward " + reward(transition.reward()));
        }

        private static String reward(Decl.Reward reward) {
            if (reward instanceof Decl.Reward.Fixed fixed) return number(fixed.value());
            if (reward instanceof Decl.Reward.Drawn drawn) {
                return drawn.distribution() + "(" + number(drawn.first()) + ", " + number(drawn.second()) + ")";
            }
            Decl.Reward.Discrete discrete = (Decl.Reward.Discrete) reward;
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < discrete.values().size(); i++) {
                outcomes.add(number(discrete.values().get(i)) + ": " + number(discrete.probabilities().get(i)));
            }
            return "{" + String.join(", ", outcomes) + "}";
        }

        private static String distribution(StateDistribution distribution) {
            if (distribution.certain() && distribution.outcomes().size() == 1
                    && distribution.outcomes().get(0).reward() == null) {
                return distribution.outcomes().get(0).state().text();
            }
            List<String> outcomes = new ArrayList<>();
            for (WeightedState outcome : distribution.outcomes()) {
                outcomes.add(outcome.state() + ": " + number(outcome.probability())
                        + (outcome.reward() == null ? "" : " reward " + reward(outcome.reward())));
            }
            return "{" + String.join(", ", outcomes) + "}";
        }

        private static String block(String head, List<String> lines) {
            if (lines.isEmpty()) return head + " {}";
            StringBuilder out = new StringBuilder(head).append(" {\n");
            for (String line : lines) out.append("  ").append(line).append('\n');
            return out.append('}').toString();
        }

        private static String dims(List<Integer> dims) {
            StringBuilder out = new StringBuilder();
            for (int dim : dims) out.append('[').append(dim).append(']');
            return out.toString();
        }

        private static String joined(List<Ident> names) {
            List<String> texts = new ArrayList<>();
            for (Ident name : names) texts.add(name.text());
            return String.join(", ", texts);
        }
    }
}
