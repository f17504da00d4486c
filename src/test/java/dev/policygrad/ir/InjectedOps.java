package dev.policygrad.ir;

/** Operations with a derivative injected wrong, for checking that the gradient check catches them. */
public final class InjectedOps {

    private InjectedOps() {}

    /**
     * {@code sin} whose reverse-mode partial is {@code 1.01 cos(x)}; its forward-mode rule and symbolic
     * adjoint are right, so reverse mode alone is wrong.
     */
    public static final ElementwiseUnary SIN_WITH_WRONG_PARTIAL = new ElementwiseUnary("sin", "\\sin",
            Math::sin, (x, y) -> 1.01 * Math.cos(x), x -> x.sin(), (g, x, y, yBar) -> g.mul(yBar, g.call(Ops.COS, x)),
            null);
}
