package dev.policygrad.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.Sources;
import dev.policygrad.parse.Parser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Semantic errors: each input and the exact first line of its rendered message. */
class CheckErrorTest {

    static Stream<Arguments> cases() {
        String corridor = "action a in {right, left}\nparam theta[2] = 0\n";
        return Stream.of(
                // a let nobody uses is checked all the same
                Arguments.of("let unused = log(-1) + nosuchfunction(theta)\n" + corridor
                                + "policy pi(a | s) = categorical(logits = theta)",
                        "t.pg:1:14: error: log of a negative number (-1.0)"),
                // a constant that folds to Infinity was once kept, to print as "inf" and evaluate to NaN
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta * exp(1000))",
                        "t.pg:3:49: error: exp(1000) overflows to Infinity; a constant must be a finite number"),
                Arguments.of("let unused = nosuchfunction(theta)\n" + corridor
                                + "policy pi(a | s) = categorical(logits = theta)",
                        "t.pg:1:14: error: unknown function 'nosuchfunction'"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = thet)",
                        "t.pg:3:41: error: unknown name 'thet'; did you mean 'theta'?"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = sigmod(theta))",
                        "t.pg:3:41: error: unknown function 'sigmod'; did you mean 'sigmoid'?"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta + s)",
                        "t.pg:3:49: error: the policy uses the state 's', but no state is declared; declare it, e.g. 'state s[4]' or 'state s'"),
                Arguments.of("state s[4]\naction a in {l, r}\nparam W[2][3] = 0\npolicy pi(a | s) = categorical(logits = W @ s)",
                        "t.pg:4:41: error: '@' of a matrix and a vector needs the matrix's columns to match the vector's length, got [2][3] @ [4]"),
                Arguments.of(corridor + "param b[3] = 0\npolicy pi(a | s) = categorical(logits = theta + b)",
                        "t.pg:4:41: error: shapes [2] and [3] do not match for '+': element-wise operations need equal shapes, or a scalar with any shape"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = exp(theta, theta))",
                        "t.pg:3:41: error: exp takes 1 argument, got 2"),
                // max and min take one value to reduce or two to compare: "takes 2 arguments" was half the truth
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta + max())",
                        "t.pg:3:49: error: max takes 1 argument (a vector or matrix, reduced to its maximum) or 2 "
                                + "(compared element by element), got 0"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta + min(theta, theta, theta))",
                        "t.pg:3:49: error: min takes 1 argument (a vector or matrix, reduced to its minimum) or 2 "
                                + "(compared element by element), got 3"),
                // a parameter's initial value naming another parameter was "unknown name 'c'; did you mean 'a'?"
                Arguments.of("action a in {x, y}\nparam c = 1\nparam t = c\npolicy pi(a | s) = categorical(logits = [t, c])",
                        "t.pg:3:11: error: 'c' is a parameter, and a parameter's initial value cannot refer to a parameter: "
                                + "initial values are constants, computed before any parameter has a value; write the "
                                + "number, or a let of constants that both use"),
                Arguments.of("action a in {x, y}\nlet half = t / 2\nparam c = half\nparam t[2] = 1\n"
                                + "policy pi(a | s) = categorical(logits = t * c)",
                        "t.pg:2:12: error: 't' is a parameter, and a parameter's initial value cannot refer to a parameter: "
                                + "initial values are constants, computed before any parameter has a value; write the "
                                + "number, or a let of constants that both use"),
                Arguments.of(corridor + "param theta = 1\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:3:7: error: duplicate declaration of name 'theta' (first declared at t.pg:2:7)"),
                Arguments.of(corridor + "def f(x) = f(x) + 1\npolicy log pi(a | s) = f(theta[a])",
                        "t.pg:3:12: error: 'f' calls itself (f -> f); recursion is not allowed, so that every program terminates"),
                Arguments.of(corridor + "def f(x) = g(x)\ndef g(x) = f(x)\npolicy log pi(a | s) = f(theta[a])",
                        "t.pg:4:12: error: 'f' calls itself (f -> g -> f); recursion is not allowed, so that every program terminates"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = [theta[0], theta[1], 0])",
                        "t.pg:3:41: error: categorical over 2 actions {right, left} needs a vector of 2 logits, got a vector [3]"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(mean = theta)",
                        "t.pg:3:32: error: categorical has no argument 'mean'; it takes 'logits' and 'probs'"),
                Arguments.of(corridor + "policy pi(a | s) = normal(mean = theta[0], std = 1)",
                        "t.pg:3:20: error: normal(...) is a distribution over a real action, but 'a' is discrete {right, left}; declare 'action a : real'"),
                Arguments.of("action a : real\nparam m[2] = 0\npolicy pi(a | s) = normal(mean = m, std = 1)",
                        "t.pg:3:34: error: the normal distribution's mean must be a scalar, got [2]; for a vector action of 2 components declare 'action a[2] : real'"),
                // vector actions a[K] : real
                Arguments.of("action a[2] : real\nparam m[3] = 0\npolicy pi(a | s) = normal(mean = m, std = 1)",
                        "t.pg:3:34: error: the normal distribution's mean over 'a[2]' must be a vector of 2 values, got a vector [3]"),
                Arguments.of("action a[2] : real\nparam m = 0\npolicy pi(a | s) = normal(mean = m, std = 1)",
                        "t.pg:3:34: error: the normal distribution's mean over 'a[2]' must be a vector of 2 values, got a scalar"),
                Arguments.of("action a[2] : real\nparam m[2] = 0\nparam sd[3] = 1\npolicy pi(a | s) = tanh_normal(mean = m, std = sd)",
                        "t.pg:4:48: error: the tanh_normal distribution's std over 'a[2]' must be a vector of 2 values or a scalar shared by all, got a vector [3]"),
                Arguments.of("action a[0] : real\nparam m = 0\npolicy pi(a | s) = normal(mean = m, std = 1)",
                        "t.pg:1:1: error: action a[0] needs at least one component, e.g. 'action a[2] : real'"),
                Arguments.of("action a[2][2] : real\nparam m = 0\npolicy pi(a | s) = normal(mean = m, std = 1)",
                        "t.pg:1:1: error: action a has 2 dimensions; a real action is a scalar ('action a : real') or a vector ('action a[2] : real')"),
                Arguments.of("action a[2] : real\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:3:20: error: categorical(...) is a distribution over discrete actions, but 'a' is a real vector real[2]; use normal(mean = ..., std = ...)"),
                Arguments.of("action a[2] : real\nparam m[2] = 0\npolicy log pi(a | s) = normal_lpdf(a[2], m[0], 1)",
                        "t.pg:3:38: error: index 2 is out of range for 'a' of shape [2] (valid: 0..1)"),
                Arguments.of("action a[2] : real\nparam m[2] = 0\npolicy pi(a | s) = normal(mean = m, std = 1)\n"
                                + "env lqr", "t.pg:4:1: error: env lqr takes a scalar action ('action a : real'), but the policy's action is a[2]; for a vector action write the task as formulas (env NAME { next = ... reward = ... })"),
                Arguments.of("state s[2]\naction a[2] : real\nparam m[2] = 0\npolicy pi(a | s) = normal(mean = m, std = 1)\n"
                                + "env e {\n  horizon 3\n  start = [0, 0]\n  next = s + a[3]\n  reward = 0\n}",
                        "t.pg:8:16: error: index 3 is out of range for 'a' of shape [2] (valid: 0..1)"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta[2])",
                        "t.pg:3:47: error: index 2 is out of range for 'theta' of shape [2] (valid: 0..1)"),
                Arguments.of(corridor + "policy pi(b | s) = categorical(logits = theta)",
                        "t.pg:3:11: error: the policy's action 'b' is not the declared action 'a'"),
                Arguments.of("param theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:2:1: error: policy pi needs an action; declare one, e.g. 'action a in {left, right}' or 'action a : real'"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta)\npolicy mu(a | s) = categorical(logits = theta)",
                        "t.pg:4:1: error: a program has one policy; another is declared at t.pg:3:1"),
                Arguments.of("action a in {right, left, right}\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:1:27: error: duplicate declaration of action 'right' (first declared at t.pg:1:14)"),
                Arguments.of(corridor + "param W[2] = [1, 2, 3]\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:3:14: error: the initial value of W has shape [3], but W is declared [2]; give a scalar or a value of shape [2]"),
                Arguments.of(corridor + "param W[2] ~ gamma(1, 2)\npolicy pi(a | s) = categorical(logits = theta)",
                        "t.pg:3:14: error: parameters can be drawn from normal(mean, std) or uniform(low, high), not 'gamma'"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta * log(-1))",
                        "t.pg:3:49: error: log of a negative number (-1.0)"),
                Arguments.of(corridor + "let h = h + theta\npolicy pi(a | s) = categorical(logits = h)",
                        "t.pg:3:9: error: 'h' is defined in terms of itself (h -> h)"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta @ 2)",
                        "t.pg:3:41: error: '@' multiplies vectors and matrices, got [2] @ scalar; use '*' to scale"),
                Arguments.of(corridor + "policy log pi(a | s) = theta",
                        "t.pg:3:24: error: log pi(a | s) must be a scalar, got a vector [2]"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta) * 2",
                        "t.pg:3:20: error: categorical(...) is a distribution: it can only be the whole body of a policy"),
                Arguments.of(corridor + "policy log pi(a | s) = sum(i in 0..100000000, theta[0])",
                        "t.pg:3:24: error: sum over 0..100000000 is too long to unroll (at most 100000 terms in all)"),
                Arguments.of("state s[3][2][1]\naction a in {l, r}\npolicy log pi(a | s) = 0",
                        "t.pg:1:1: error: state s has 3 dimensions; at most 2 are supported"),
                Arguments.of(corridor + "policy pi(a | s) = categorical(logits = theta * a)",
                        "t.pg:3:41: error: the parameters of categorical(...) cannot depend on the action 'a' it draws"),
                Arguments.of(corridor + "policy pi(a | s) = bernoulli(p = theta)",
                        "t.pg:3:34: error: bernoulli's p must be a scalar, got [2]"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsTheProblemWhereItIs(String source, String expected) {
        Sources sources = new Sources();
        sources.add("t.pg", source);
        PolicygradException e = assertThrows(PolicygradException.class,
                () -> Checker.check(Parser.parse("t.pg", source)));
        String rendered = sources.render(e);
        assertEquals(expected, rendered.lines().findFirst().orElseThrow());
    }
}
