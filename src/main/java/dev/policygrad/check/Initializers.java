package dev.policygrad.check;

import dev.policygrad.diag.Suggestions;
import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Expr;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks a parameter's initializer: {@code = constant}, {@code ~ normal(m, s)}, {@code ~ uniform(lo, hi)}. */
final class Initializers {

    private Initializers() {}

    static ParameterLayout.Init of(Lowering lowering, Decl.ParamDecl p, Shape shape) {
        String name = p.name().text();
        if (p.init() == null) return new ParameterLayout.Init.Values(new double[shape.size()]);
        if (p.init() instanceof Decl.ParamInit.Value v) {
            Node.Const c = lowering.constant(v.value(), "the initial value of " + name);
            if (c.shape().isScalar()) {
                double[] values = new double[shape.size()];
                Arrays.fill(values, c.value());
                return new ParameterLayout.Init.Values(values);
            }
            if (!c.shape().equals(shape)) {
                throw new CheckError(v.value().span(), "the initial value of " + name + " has shape " + c.shape()
                        + ", but " + name + " is declared " + shape + "; give a scalar or a value of shape " + shape);
            }
            return new ParameterLayout.Init.Values(c.values());
        }
        Decl.ParamInit.Draw draw = (Decl.ParamInit.Draw) p.init();
        String distribution = draw.distribution().text();
        Expr.Call call = new Expr.Call(distribution, draw.args(), draw.distribution().span());
        switch (distribution) {
            case "normal": {
                Map<String, Expr> args = Arguments.bind(call, List.of("mean", "std"), 2);
                double mean = number(lowering, args.get("mean"), "the mean");
                double std = number(lowering, args.get("std"), "the std");
                if (!(std > 0)) throw new CheckError(args.get("std").span(), "a normal distribution's std must be positive, got " + std);
                return new ParameterLayout.Init.NormalDraw(mean, std);
            }
            case "uniform": {
                Map<String, Expr> args = Arguments.bind(call, List.of("low", "high"), 2);
                double low = number(lowering, args.get("low"), "the low end");
                double high = number(lowering, args.get("high"), "the high end");
                if (!(low < high)) {
                    throw new CheckError(call.span(), "uniform(low, high) needs low < high, got " + low + " and " + high);
                }
                return new ParameterLayout.Init.UniformDraw(low, high);
            }
            default:
                throw new CheckError(draw.distribution().span(), "parameters can be drawn from normal(mean, std) or "
                        + "uniform(low, high), not '" + distribution + "'"
                        + Suggestions.didYouMean(distribution, List.of("normal", "uniform")));
        }
    }

    private static double number(Lowering lowering, Expr e, String what) {
        Node.Const c = lowering.constant(e, what);
        if (!c.shape().isScalar()) throw new CheckError(e.span(), what + " must be a scalar, got " + c.shape());
        return c.value();
    }
}
