package dev.policygrad.ast;

import java.util.List;

/**
 * An expression as written: the syntax tree of a formula, before names are resolved or shapes
 * inferred. Immutable; every node carries the {@link Span} it was read from.
 */
public sealed interface Expr {

    Span span();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of expression, so that every pass is checked to handle every kind. */
    interface Visitor<R> {
        R visitNumber(Number e);
        R visitName(Name e);
        R visitVector(Vector e);
        R visitIndex(Index e);
        R visitUnary(Unary e);
        R visitBinary(Binary e);
        R visitCall(Call e);
        R visitSumLoop(SumLoop e);
        R visitIf(If e);
    }

    /** A numeric literal, as written ({@code 2}, {@code 0.5}, {@code 1e-3}). */
    record Number(double value, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitNumber(this); }
    }

    /** A reference to a state, action, parameter, {@code let}, loop variable or action name. */
    record Name(String name, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitName(this); }
    }

    /** {@code [e1, e2, ...]}: a vector of scalars, or a matrix whose rows are vectors. */
    record Vector(List<Expr> elements, Span span) implements Expr {
        public Vector { elements = List.copyOf(elements); }
        public <R> R accept(Visitor<R> v) { return v.visitVector(this); }
    }

    /** {@code target[index]}: an element (of a vector) or a row (of a matrix), counted from 0. */
    record Index(Expr target, Expr index, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitIndex(this); }
    }

    /** A prefix operator: {@code -x} or {@code not c}. */
    record Unary(UnaryOp op, Expr operand, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitUnary(this); }
    }

    /** An infix operator. */
    record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitBinary(this); }
    }

    /** {@code f(x, name = y)}: a built-in function, a distribution, or a {@code def}. */
    record Call(String function, List<Arg> args, Span span) implements Expr {
        public Call { args = List.copyOf(args); }
        public <R> R accept(Visitor<R> v) { return v.visitCall(this); }
    }

    /** {@code sum(i in lo..hi, body)}: body summed over the integers lo..hi, both included. */
    record SumLoop(String variable, Expr from, Expr to, Expr body, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitSumLoop(this); }
    }

    /** {@code if c then x else y}. */
    record If(Expr condition, Expr then, Expr otherwise, Span span) implements Expr {
        public <R> R accept(Visitor<R> v) { return v.visitIf(this); }
    }

    /** A call argument, positional when {@code name} is null. */
    record Arg(String name, Expr value, Span span) {
        public boolean isNamed() { return name != null; }
    }

    enum UnaryOp {
        NEGATE("-"), NOT("not ");
        public final String symbol;
        UnaryOp(String symbol) { this.symbol = symbol; }
    }

    /** Infix operators, with their precedence (higher binds tighter) as the grammar defines it. */
    enum BinaryOp {
        POWER("^", 7), MATMUL("@", 5), TIMES("*", 4), DIVIDE("/", 4), PLUS("+", 3), MINUS("-", 3),
        LESS("<", 2), LESS_EQUAL("<=", 2), GREATER(">", 2), GREATER_EQUAL(">=", 2), EQUAL("==", 2),
        NOT_EQUAL("!=", 2), AND("and", 1), OR("or", 0);

        public final String symbol;
        public final int precedence;

        BinaryOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public static BinaryOp of(String symbol) {
            for (BinaryOp op : values()) if (op.symbol.equals(symbol)) return op;
            throw new IllegalArgumentException("not an operator: " + symbol);
        }
    }
}
