package dev.policygrad.parse;

import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Ident;
import dev.policygrad.ast.Span;
import java.util.List;

/** Short constructors for expected syntax trees; spans are ignored by equality, so none are given. */
final class Trees {

    private Trees() {}

    static Ident id(String text) {
        return new Ident(text, Span.NONE);
    }

    static Expr name(String text) {
        return new Expr.Name(text, Span.NONE);
    }

    static Expr num(double value) {
        return new Expr.Number(value, Span.NONE);
    }

    static Expr neg(Expr operand) {
        return new Expr.Unary(Expr.UnaryOp.NEGATE, operand, Span.NONE);
    }

    static Expr not(Expr operand) {
        return new Expr.Unary(Expr.UnaryOp.NOT, operand, Span.NONE);
    }

    static Expr bin(Expr left, String op, Expr right) {
        return new Expr.Binary(Expr.BinaryOp.of(op), left, right, Span.NONE);
    }

    static Expr index(Expr target, Expr index) {
        return new Expr.Index(target, index, Span.NONE);
    }

    static Expr vector(Expr... elements) {
        return new Expr.Vector(List.of(elements), Span.NONE);
    }

    static Expr call(String function, Expr.Arg... args) {
        return new Expr.Call(function, List.of(args), Span.NONE);
    }

    static Expr.Arg arg(Expr value) {
        return new Expr.Arg(null, value, Span.NONE);
    }

    static Expr.Arg arg(String name, Expr value) {
        return new Expr.Arg(name, value, Span.NONE);
    }
}
