package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of hostile and boundary inputs: each row a program, a command line, the exit code it
 * must give and text its output must contain (and must not). Every row was once a stack trace, a
 * silent NaN or -Infinity, a verdict that was not earned, or unbounded work.
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    record Row(String name, String program, String[] args, int code, String contains, String absent) {}

    static Row row(String name, String program, int code, String contains, String... args) {
        return new Row(name, program, args, code, contains, null);
    }

    /** The row, whose output must also not contain {@code text}. */
    static Row absent(Row r, String text) {
        return new Row(r.name(), r.program(), r.args(), r.code(), r.contains(), text);
    }

    static final String TWO = "action a in {x, y}\n";

    static final String LQR_POLICY = "state s\naction a : real\nparam k = 0\nparam log_std = 0\n"
            + "policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))\n";

    /** A formula environment whose state is multiplied by 1e10 at every step. */
    static final String BLOW = "state s\naction a : real\nparam k = 0\npolicy pi(a | s) = normal(mean = k, std = 1)\n"
            + "env blow {\n  horizon 50\n  start = 1\n  next = s * 1e10\n  reward = -(s ^ 2)\n}\n";

    /** A finite MDP whose one action earns 1e308 at each of its 3 steps. */
    static final String BIG_REWARDS = "action a in {go}\nparam theta[1] = 0\npolicy pi(a | s) = categorical(logits = theta)\n"
            + "mdp big {\n  gamma 1\n  horizon 3\n  start A\n  terminal G\n  A go -> A reward 1e308\n}\n";

    /** The slippery chain of examples/estimator-bugs: a linear softmax on a finite MDP with a horizon. */
    static final String SLIPPERY = "state s[3]\naction a in {left, right}\n"
            + "param W[2][3] = [[0.3, -0.2, 0.1], [-0.1, 0.4, -0.3]]\npolicy pi(a | s) = categorical(logits = W @ s)\n"
            + "mdp slippery {\n  gamma 0.8\n  horizon 4\n  start {A: 0.6, B: 0.4}\n  terminal G\n"
            + "  A left  -> {A: 0.7, B: 0.3} reward 1\n  A right -> {B: 0.8, A: 0.2} reward 0\n"
            + "  B left  -> {A: 0.5, C: 0.5} reward -1\n  B right -> {C: 0.9, B: 0.1} reward 2\n"
            + "  C left  -> {B: 0.6, G: 0.4} reward 0.5\n  C right -> {G: 0.7, C: 0.3} reward 3\n}\n";

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(row("check counts points outside the domain apart",
                "action a in {fail, ok}\nparam p = 0.5\npolicy pi(a | s) = bernoulli(p = p)\n", 0,
                "drawn outside the policy's domain were not counted", "check", "$F"));
        rows.add(row("check with nothing evaluable gives no verdict",
                "action a : real\nparam sd = -100\npolicy pi(a | s) = normal(mean = 0, std = sd)\n", 1,
                "nothing was checked", "check", "$F"));
        // a policy without parameters once gave "all 4 methods agree at 10 evaluated point(s)", exit 0
        rows.add(absent(row("check of a policy without parameters: nothing to check, no verdict",
                TWO + "policy pi(a | s) = categorical(logits = [0, 1])\n", 1,
                "nothing to check: the policy has no parameters", "check", "$F"), "agree"));
        rows.add(row("check --json of a policy without parameters does not pass",
                TWO + "policy pi(a | s) = categorical(logits = [0, 1])\n", 1,
                "\"passed\" : false", "check", "$F", "--json"));
        rows.add(row("check shows the point of a disagreement",
                TWO + "param theta[2] = 0\npolicy log pi(a | s) = max(theta) - 1\n", 1,
                "point 0: theta = (0.0, 0.0), a = ", "check", "$F", "--points", "1"));
        // finite differences whose step spans periods of sin(c) (or crosses the pole of 0.01 / c) once gave
        // DISAGREES for a correct gradient: they cannot vouch for themselves there, the other three agree
        for (String c : new String[] {"1000", "1e6", "1e9", "1e12"}) {
            rows.add(absent(row("check where finite differences are unreliable, sin(c) at c = " + c,
                    TWO + "param c = 1\npolicy log pi(a | s) = log_softmax([sin(c), 0])[a]\n", 0,
                    "finite differences unreliable here: d/dc = ", "check", "$F", "--points", "1", "--set", "c=" + c),
                    "DISAGREES"));
        }
        rows.add(absent(row("check where finite differences cross a pole: the verdict rests on three methods",
                TWO + "param c = 1\npolicy log pi(a | s) = log_softmax([0.01 / c, 0])[a]\n", 0,
                "so there the verdict rests on these 3 methods", "check", "$F", "--points", "1", "--set", "c=0.003"),
                "DISAGREES"));
        // log pi = -Infinity (std 1e-200, an action far from the mean) once gave "reverse Infinity vs
        // forward NaN, DISAGREES": the point is outside where the policy can be evaluated
        rows.add(absent(row("check counts a point where log pi is not finite apart",
                "state s\naction a : real\nparam m = 0\nparam sd = 1e-200\n"
                        + "policy pi(a | s) = normal(mean = m, std = sd)\n", 0,
                "log pi was not finite", "check", "$F", "--points", "3"), "DISAGREES"));
        rows.add(row("check where log pi is never finite gives no verdict",
                "state s\naction a : real\nparam m = 0\nparam sd = 1e-200\n"
                        + "policy pi(a | s) = normal(mean = m + 1e300 * (1e300 + m * m), std = 1)\n", 1,
                "nothing was checked", "check", "$F", "--points", "1"));
        // the compiled backend once gave "d log pi / d m is Infinity" with no position, the interpreter the culprit
        for (String backend : new String[] {"interpreter", "compiled"}) {
            rows.add(row("score: an infinite derivative is located on the " + backend + " backend",
                    "state s\naction a : real\nparam m = 0\nparam sd = 1e-300\n"
                            + "policy pi(a | s) = normal(mean = m, std = sd)\n", 2,
                    ":5:20: evaluation error: d log pi / d m is Infinity: the derivative through normal_lpdf(",
                    "score", "$F", "--state", "0", "--action", "1e-290", "--backend", backend));
        }
        rows.add(row("min at a tie: symbolic and reverse mode take the same subgradient",
                TWO + "param k = 0\npolicy pi(a | s) = categorical(logits = [min([k, k]), 0])\n", 0,
                "all 4 methods agree at 10 evaluated point(s)", "check", "$F"));
        rows.add(row("max at a tie is derived as one element",
                TWO + "param theta[2] = 0\npolicy log pi(a | s) = max(theta) - 1\n", 0,
                "onehot(argmax(theta), 2)", "derive", "$F"));
        // derive --trace --json once printed the text table as if --json were not there
        rows.add(absent(row("derive --trace --json is a usage error naming both options",
                LQR_POLICY, 2, "--trace and --json cannot be combined", "derive", "$F", "--trace", "--json",
                "--state", "0.5", "--action", "0.3"), "backward sweep"));
        rows.add(absent(row("derive --trace --latex is a usage error naming both options",
                LQR_POLICY, 2, "--trace and --latex cannot be combined", "derive", "$F", "--trace", "--latex",
                "--state", "0.5", "--action", "0.3"), "backward sweep"));
        rows.add(row("derive --dot --json is a usage error naming both options",
                LQR_POLICY, 2, "--dot and --json cannot be combined", "derive", "$F", "--dot",
                dir.resolve("g.dot").toString(), "--json", "--state", "0.5", "--action", "0.3"));
        rows.add(row("check --points is bounded",
                TWO + "param theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)\n", 2,
                "--points must be between 1 and 100000", "check", "$F", "--points", "2000000000"));
        // prove's --points once had no upper bound: 2147483647 points ran with no end
        rows.add(row("prove --points is bounded as check's is",
                "param theta[3]\naction a in 0..2\n"
                        + "claim c: grad(theta, log(softmax(theta)[a])) = onehot(a, 3) - softmax(theta)\n", 2,
                "--points must be between 1 and 100000, got 2147483647", "prove", "$F", "--points", "2147483647"));
        rows.add(row("a parameter block the policy does not use",
                TWO + "param theta[2] = 0\nparam unused[3] = 1\npolicy pi(a | s) = categorical(logits = theta)\n", 0,
                "d log pi / d unused = [0, 0, 0]", "derive", "$F"));
        rows.add(row("log of softmax at a logit gap of 900",
                "action a in {u, v, w}\nparam z[3] = [0, 900, 10]\npolicy pi(a | s) = categorical(probs = softmax(z))\n",
                0, "\"log_pi\" : -900.0", "score", "$F", "--action", "u", "--json"));
        rows.add(row("log of sigmoid at z = 124, failure action",
                "action a in {fail, ok}\nparam z = 124\npolicy pi(a | s) = bernoulli(p = sigmoid(z))\n", 0,
                "log pi(fail) = -124", "eval", "$F", "--action", "fail"));
        rows.add(row("near-certain action keeps its relative precision",
                "action a in {u, v, w}\nparam z[3] = [40, 10, 0]\npolicy pi(a | s) = categorical(logits = z)\n", 0,
                "\"log_pi\" : -9.35804780426526", "eval", "$F", "--action", "u", "--json"));
        rows.add(row("bernoulli(logit = 40), success",
                "action a in {fail, ok}\nparam c = 40\npolicy pi(a | s) = bernoulli(logit = c)\n", 0,
                "\"log_pi\" : -4.24835425529158", "eval", "$F", "--action", "ok", "--json"));
        rows.add(row("equal logits of 1e16",
                TWO + "param theta[2] = [1e16, 1e16]\npolicy pi(a | s) = categorical(logits = theta)\n", 0,
                "pi(x) = 0.5\n", "eval", "$F", "--action", "x"));
        rows.add(row("equal logits of 1e14",
                TWO + "param theta[2] = [1e14, 1e14]\npolicy pi(a | s) = categorical(logits = theta)\n", 0,
                "pi(x) = 0.5\n", "eval", "$F", "--action", "x"));
        rows.add(row("a probability of 0 is an error at the log, not -Infinity",
                TWO + "param p[2] = [1, 0]\npolicy pi(a | s) = categorical(probs = p)\n", 2,
                "log pi is -Infinity: the value of log(...) is not finite", "eval", "$F", "--action", "y"));
        // every action listed (no --action) once printed an impossible action's -Infinity, and a NaN score, with exit 0
        rows.add(absent(row("every action listed: a probability of 0 is the same located error as with --action",
                TWO + "param t = 1\npolicy pi(a | s) = categorical(probs = [t, 1 - t])\n", 2,
                "3:20: evaluation error: log pi(y) is -Infinity: the value of log(...) is not finite", "score", "$F"),
                "d log pi / d theta"));
        rows.add(absent(row("every action listed, --json: no \"log_pi\": \"-Infinity\"",
                TWO + "param t = 1\npolicy pi(a | s) = categorical(probs = [t, 1 - t])\n", 2,
                "3:20: evaluation error: log pi(y) is -Infinity", "eval", "$F", "--json"), "\"actions\""));
        rows.add(absent(row("every action listed: a NaN score names the first action and the operation",
                "param t = 0\n" + TWO + "policy log pi(a | s) = -abs(t)^0.5 - 1\n", 2,
                "3:25: evaluation error: d log pi(x) / d t is NaN: the derivative through ... ^ ... is not finite",
                "score", "$F"), "log pi(x) = "));
        rows.add(row("every action listed, eval: a finite log pi with a NaN score is not an error (no score is taken)",
                "param t = 0\n" + TWO + "policy log pi(a | s) = -abs(t)^0.5 - 1\n", 0,
                "  y       0.367879  -1\n", "eval", "$F"));
        rows.add(row("normal with std 1e-300 at a = mean: d/dm = 0",
                "action a : real\nparam m = 0\npolicy pi(a | s) = normal(mean = m, std = 1e-300)\n", 0,
                "\"m\" : 0.0", "score", "$F", "--action", "0", "--json"));
        rows.add(row("tanh_normal with std 1e-300 at a = tanh(mean): d/dm = 0, as for the normal",
                "action a : real\nparam m = 0\npolicy pi(a | s) = tanh_normal(mean = m, std = 1e-300)\n", 0,
                "\"m\" : 0.0", "score", "$F", "--action", "0", "--json"));
        // playing without a score (Monte Carlo J) once drew action 0 from NaN logits and printed a J
        rows.add(row("a NaN logit while only playing (Monte Carlo J) is the kernel's error at its position",
                "state s[4]\n" + TWO + "param w = 1\nlet big = s[2] * 1e300 * 1e300 * w\n"
                        + "policy pi(a | s) = categorical(logits = [big - big, 0])\nenv cartpole\n", 2,
                "5:20: evaluation error: logit 0 is NaN, so the probabilities are undefined", "objective", "$F"));
        rows.add(row("a NaN mean while only playing is an error, not NaN actions",
                "state s[2]\naction a : real\nparam w = 1\nlet big = (s[0] + 2) * 1e300 * 1e300 * w\n"
                        + "policy pi(a | s) = normal(mean = big - big, std = 1)\n"
                        + "env line {\n  horizon 5\n  start = [uniform(-1, 1), 0]\n  next = [s[0] + 0.1 * s[1], s[1] + 0.1 * a]\n"
                        + "  reward = -(s[0] ^ 2)\n}\n", 2,
                "evaluation error: a normal distribution's mean is NaN, so no action can be drawn", "objective", "$F"));
        // constants that fold to Infinity or NaN were once kept: eval printed "x NaN NaN" with exit 0, derive printed
        // "inf * t" (no literal of the language), check reported NaN disagreements; each is now an error at its
        // operation, as a literal beyond the largest double is, whatever the command
        String overflowInFormula = TWO + "param t = 0\npolicy pi(a | s) = bernoulli(logit = t * exp(1000))\n";
        for (String command : new String[] {"parse", "eval", "derive", "check", "score"}) {
            rows.add(absent(row("a constant that overflows in the policy is an error at it: " + command, overflowInFormula, 2,
                    ":3:42: error: exp(1000) overflows to Infinity; a constant must be a finite number", command, "$F"),
                    "NaN"));
        }
        rows.add(row("a parameter's initial value that overflows is an error at it",
                TWO + "param t = exp(1000)\npolicy pi(a | s) = bernoulli(logit = t)\n", 2,
                ":2:11: error: exp(1000) overflows to Infinity", "eval", "$F"));
        rows.add(row("a parameter's initial value that overflows is an error at it, on parse too",
                TWO + "param t = 1e200 * 1e200\npolicy pi(a | s) = bernoulli(logit = t)\n", 2,
                ":2:11: error: 1e200 * 1e200 overflows to Infinity", "parse", "$F"));
        rows.add(row("a parameter's initial value that overflows is an error at it, not at the policy",
                TWO + "param t = 1e200 * 1e200\npolicy pi(a | s) = bernoulli(logit = t)\n", 2,
                ":2:11: error: 1e200 * 1e200 overflows to Infinity", "eval", "$F"));
        rows.add(row("a let of log(0) is an error at it, not a silent -Infinity",
                TWO + "param t = 0\nlet k = log(0)\npolicy pi(a | s) = bernoulli(logit = t + k)\n", 2,
                ":3:9: error: log(0) is -Infinity; a constant must be a finite number", "eval", "$F"));
        rows.add(row("a let of exp(1000) - exp(1000) is an error at the overflow, not a silent NaN",
                TWO + "param t = 0\nlet k = exp(1000) - exp(1000)\npolicy pi(a | s) = bernoulli(logit = t + k)\n", 2,
                ":3:9: error: exp(1000) overflows to Infinity", "eval", "$F"));
        rows.add(row("an unused let that overflows is an error all the same",
                TWO + "param t = 0\nlet k = 1e308 * 10\npolicy pi(a | s) = bernoulli(logit = t)\n", 2,
                ":3:9: error: 1e308 * 10 overflows to Infinity", "check", "$F"));
        rows.add(row("an entry of a vector constant that overflows is named",
                TWO + "param t[2] = exp([1, 1000])\npolicy pi(a | s) = categorical(logits = t)\n", 2,
                ":2:14: error: exp([1, 1000]) (entry 1) overflows to Infinity", "parse", "$F"));
        // both branches of if are evaluated (README), so a constant outside the finite numbers fails in the branch
        // not taken too, as log(-1) does
        rows.add(row("log(0) in the branch of if not taken is an error, as both branches are evaluated",
                "state s\n" + TWO + "param t = 0\npolicy pi(a | s) = bernoulli(logit = t + (if s > 0 then 1 else log(0)))\n",
                2, ":4:64: error: log(0) is -Infinity", "eval", "$F", "--state", "1"));
        rows.add(row("a constant that overflows in an env formula is an error at it",
                BLOW.replace("s * 1e10", "s + 1e308 * 1e308"), 2, ":8:14: error: 1e308 * 1e308 overflows to Infinity",
                "check", "$F"));
        String bigButFinite = TWO + "param t = exp(700)\nlet big = 1e308\n"
                + "policy pi(a | s) = bernoulli(logit = t * 1e-304 + big * 1e-308 - exp(700) * 1e-304)\n";
        rows.add(row("large but finite constants fold and evaluate", bigButFinite, 0, "y       0.731059  -0.313262", "eval", "$F"));
        rows.add(absent(row("large but finite constants derive to text that reads back", bigButFinite, 0,
                "log pi = -softplus((1 - 2 * a) * (1.0E-304 * t - 0.014232054735004662))", "derive", "$F"), "inf"));
        rows.add(row("large but finite constants check", bigButFinite, 0, "all 4 methods agree", "check", "$F"));
        // the simplifier once combined exp(700) * exp(700) into the constant Infinity, which derive cannot print
        rows.add(absent(row("derive keeps constants whose product would overflow apart, so its output reads back",
                TWO + "param t = 0\npolicy pi(a | s) = bernoulli(logit = t * exp(700) * exp(700))\n", 0,
                "(1.0142320547350045E304 * (1.0142320547350045E304 * t))", "derive", "$F"), "inf"));
        rows.add(absent(row("derive keeps like terms whose coefficients would add up beyond the doubles apart",
                TWO + "param t = 0\npolicy pi(a | s) = bernoulli(logit = t * 1e308 + t * 1e308)\n", 0,
                "d log pi / d t = 1.0E308 * (-2 * ", "derive", "$F"), "inf"));
        rows.add(row("a literal beyond the largest double",
                TWO + "param zz = 1e999\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)\n", 2,
                ":2:12: syntax error: number too large: '1e999'", "check", "$F"));
        // a ragged vector literal was once reported with no file, line or column
        rows.add(row("a ragged vector literal in a parameter's value is located at the literal",
                TWO + "param t[2] = [1, [2, 3]]\npolicy pi(a | s) = categorical(logits = t)\n", 2,
                ":2:14: error: the elements of a vector literal must have one shape: scalar and [2]", "check", "$F"));
        rows.add(row("a ragged vector literal in the policy, mixing a parameter and the state, is located at the literal",
                "state s\n" + TWO + "param t = 0\npolicy pi(a | s) = categorical(logits = [t, [s, s]])\n", 2,
                ":4:41: error: the elements of a vector literal must have one shape: scalar and [2]", "check", "$F"));
        rows.add(row("a ragged --state is located in the option's text",
                "state s[2]\n" + TWO + "param t = 0\npolicy pi(a | s) = categorical(logits = [t, s[0]])\n", 2,
                "--state:1:1: error: the elements of a vector literal must have one shape", "eval", "$F",
                "--state", "[1, [2, 3]]", "--action", "x"));
        rows.add(row("--set with a value beyond the largest double",
                TWO + "param b = 0\npolicy pi(a | s) = bernoulli(logit = b)\n", 2, "number too large",
                "eval", "$F", "--action", "x", "--set", "b=1e999"));
        rows.add(row("--set with a value that overflows when folded",
                TWO + "param b = 0\npolicy pi(a | s) = bernoulli(logit = b)\n", 2, "is not a finite number",
                "eval", "$F", "--action", "x", "--set", "b=1e308*10"));
        // --state and --action once let Infinity through, to fail later with a caret inside the policy
        rows.add(absent(row("--state that overflows when folded is refused naming the option, as --set is",
                LQR_POLICY, 2, "the value given for --state is not a finite number (Infinity)",
                "score", "$F", "--state", "exp(1000)", "--action", "0.3"), "evaluation error"));
        rows.add(absent(row("--state log(0) is refused naming the option",
                LQR_POLICY, 2, "the value given for --state is not a finite number (-Infinity)",
                "score", "$F", "--state", "log(0)", "--action", "0.3"), "evaluation error"));
        rows.add(absent(row("--action that overflows when folded is refused naming the option",
                LQR_POLICY, 2, "the value given for --action is not a finite number (Infinity)",
                "score", "$F", "--state", "0.5", "--action", "1e308*10"), "evaluation error"));
        rows.add(absent(row("a component of a vector --action that is not finite is refused naming it",
                "state s\naction a[2] : real\nparam m = 0\npolicy pi(a | s) = normal(mean = [m * s, 0], std = 1)\n", 2,
                "the value given for --action is not a finite number (element 1 is Infinity)",
                "eval", "$F", "--state", "0.5", "--action", "0.3,exp(1e4)"), "evaluation error"));
        rows.add(row("a 40,000-character misspelt name",
                TWO + "param b = 0\npolicy pi(a | s) = bernoulli(logit = b)\n", 2, "unknown parameter",
                "eval", "$F", "--action", "x", "--set", "b".repeat(40_000) + "=1"));
        // an element outside a block was "unknown parameter 'W[2][0]'", as if W did not exist
        rows.add(row("--set of an element past a block's end names the index and the shape",
                "state s[4]\n" + TWO + "param W[2][4] = 0\npolicy pi(a | s) = categorical(logits = W @ s)\n", 2,
                "'W[2][0]': index 2 is out of range for 'W' of shape [2][4] (valid: 0..1)", "eval", "$F",
                "--state", "[1, 2, 3, 4]", "--action", "x", "--set", "W[2][0]=1"));
        rows.add(row("--set of a column past a block's end names the column's range",
                "state s[4]\n" + TWO + "param W[2][4] = 0\npolicy pi(a | s) = categorical(logits = W @ s)\n", 2,
                "'W[1][4]': index 4 is out of range for 'W' of shape [2][4] (valid: 0..3)", "eval", "$F",
                "--state", "[1, 2, 3, 4]", "--action", "x", "--set", "W[1][4]=1"));
        rows.add(row("--set of a row of a matrix says an element takes two indices",
                "state s[4]\n" + TWO + "param W[2][4] = 0\npolicy pi(a | s) = categorical(logits = W @ s)\n", 2,
                "'W[0]' gives 1 index, but W has shape [2][4]: an element is W[i][j]", "eval", "$F",
                "--state", "[1, 2, 3, 4]", "--action", "x", "--set", "W[0]=1"));
        rows.add(row("--set of the last element of a block still works",
                "state s[4]\n" + TWO + "param W[2][4] = 0\npolicy pi(a | s) = categorical(logits = W @ s)\n", 0,
                // logits W s = (0, 4): log pi(x) = -log(1 + e^4)
                "\"log_pi\" : -4.01814992791780", "eval", "$F",
                "--state", "[1, 2, 3, 4]", "--action", "x", "--set", "W[1][3]=1", "--json"));
        rows.add(row("a chain of 38,000 lets",
                letChain(38_000), 2, "levels deep once the lets and defs it uses are expanded", "eval", "$F",
                "--action", "x"));
        rows.add(row("defs that nest deeper at every level",
                defs("def f%d(x) = f%d(f%d(x))", 20), 2, "levels deep", "check", "$F"));
        rows.add(row("defs that double their size at every level",
                defs("def f%d(x) = f%d(x) + f%d(x)", 25), 2, "expands to more than 5000000 operations", "check", "$F"));
        rows.add(row("a parameter block of 10^10 values",
                TWO + "param W[100000][100000] = 0\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)\n",
                2, "param W has 10000000000 values; at most 10000000 are supported", "eval", "$F", "--action", "x"));
        rows.add(row("parse prints a large horizon in digits",
                "mdp t {\n  gamma 1\n  horizon 100000000000000000000\n  start A\n  terminal G\n  A go -> G reward 1\n}\n",
                0, "horizon 100000000000000000000", "parse", "$F"));
        rows.add(row("constant folding of chained 1000 x 1000 products is bounded",
                TWO + "param theta[2] = 0\nlet v = [" + "1, ".repeat(999) + "1]\n"
                        + "let m = outer(v, v) @ outer(v, v) @ outer(v, v) @ outer(v, v)\n"
                        + "policy pi(a | s) = categorical(logits = theta + sum(m) * 0)\n",
                2, "computing the constants of this program takes more than 200000000", "eval", "$F", "--action", "x"));
        // a sum of 10,000 terms was collected once per partial sum by the simplifier (n^2 steps, minutes); it is
        // now flattened once, so check evaluates its symbolic derivative; printing it copied every partial sum's text
        // (beyond 500 million characters), and now writes each term once: 1.6 million characters, more than a program
        // file holds, so derive, which prints only text that reads back, refuses it
        rows.add(row("derive of a sum of 10,000 terms refuses text that would not read back", longSum(9999), 2,
                "more than the 1048576 (1 MiB) a program file may hold, so it would not read back", "derive", "$F"));
        rows.add(row("check of a sum of 10,000 terms runs all 4 methods", longSum(9999), 0, "all 4 methods agree",
                "check", "$F", "--points", "1"));
        rows.add(absent(row("derive of a sum of 2,000 terms prints it", longSum(1999), 0, "t[1]", "derive", "$F"),
                "more than"));
        rows.add(absent(row("derive of a sum of 50 terms is not bounded", longSum(49), 0, "t[1]", "derive", "$F"),
                "more than"));
        rows.add(row("check of a sum of 50 terms runs all 4 methods", longSum(49), 0, "all 4 methods agree", "check",
                "$F", "--points", "1"));
        // J was "NaN ... overflowed": the moments are recomputed in 40-digit arithmetic
        rows.add(row("an LQR whose moments overflow: the error says what J is, naming the task",
                "state s\naction a : real\nparam k = 0\nparam log_std = 0\n"
                        + "policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))\n"
                        + "env lqr(a = 1.2, b = 1e300, q = 1, r = 0.5, s0_std = 1, noise_std = 0, horizon = 20, gamma = 1)\n",
                2, "J is about -7.54118e+603 on the task 'lqr'", "objective", "$F"));
        // the sampled verification keeps moments, never rows, so 2e9 episodes fit in memory and are merely slow;
        // a count beyond an int is what is refused up front
        rows.add(row("verify --episodes beyond 2^31 - 1 is refused up front",
                "state s\naction a : real\nparam k = 0\nparam log_std = 0\n"
                        + "policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))\n"
                        + "env lqr(a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1, noise_std = 0, horizon = 20, gamma = 1)\n",
                2, "'3000000000' is not an int", "verify", "$F", "--episodes", "3000000000"));
        rows.add(row("prove with a horizon of 1000 is refused up front",
                TWO.replace("{x, y}", "{right, left}") + "param theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)\n"
                        + "mdp t {\n  gamma 1\n  horizon 1000\n  start A\n  terminal G\n"
                        + "  A right -> A reward 1\n  A left -> A reward 0\n}\n",
                2, "can have more than 10^18 trajectories", "prove", "$F"));
        rows.add(row("sample --all of more than 5,000,000 trajectories is refused up front, as prove is",
                "action a in {n, e, s, w}\nparam theta[4] = 0\npolicy pi(a | s) = categorical(logits = theta)\n"
                        + "mdp four {\n  gamma 1\n  horizon 12\n  start A\n  terminal G\n"
                        + "  A n -> A reward 1\n  A e -> B reward 0\n  A s -> A reward 0\n  A w -> B reward 0\n"
                        + "  B n -> A reward 1\n  B e -> G reward 0\n  B s -> B reward 0\n  B w -> A reward 0\n}\n",
                // N_t(A) = 2 N_(t-1)(A) + 2 N_(t-1)(B), N_t(B) = 2 N_(t-1)(A) + N_(t-1)(B) + 1 (B e ends), N_0 = 1:
                // N_12(A) = 5397328 trajectories, and their steps by the same recurrence
                2, "mdp 'four' can have 5397328 trajectories (64459998 steps in all) within its horizon of 12 steps; "
                        + "sample --all enumerates every one", "sample", "$F", "--all", "--out",
                dir.resolve("four-all.jsonl").toString()));
        rows.add(row("the short corridor at theta = (25, 0): J to full relative accuracy",
                TWO.replace("{x, y}", "{right, left}") + "param theta[2] = [25, 0]\n"
                        + "policy pi(a | s) = categorical(logits = theta)\n"
                        + "mdp short_corridor {\n  gamma 1\n  start S1\n  terminal G\n  S1 right -> S2 reward -1\n"
                        + "  S1 left  -> S1 reward -1\n  S2 right -> S1 reward -1\n  S2 left  -> S3 reward -1\n"
                        + "  S3 right -> G  reward -1\n  S3 left  -> S2 reward -1\n}\n",
                // exact: -144009798680.77174504837825... (50 digits, from the closed form of the 3-state system)
                0, "\"J\" : -1.44009798680771", "objective", "$F", "--json"));
        rows.add(row("a formula environment whose state overflows: an error naming the state, not 'must be non-negative, got NaN'",
                "state s[2]\naction a : real\nparam k = 0\nparam log_std = 0\n"
                        + "policy pi(a | s) = normal(mean = -k * s[0], std = exp(log_std))\n"
                        + "env blow {\n  gamma 0.99\n  horizon 200\n  start = [1, 0]\n  next = [s[0] * 1e10 + a, s[1]]\n"
                        + "  reward = -(s[0] ^ 2)\n}\n",
                2, "a normal distribution's mean is NaN, so no action can be drawn in normal(...) (at a state that is not "
                        + "finite: s = [Infinity, 0.0])", "verify", "$F", "--episodes", "100"));
        rows.add(row("verify of an estimator whose squares overflow: an error, not a failed eigendecomposition",
                SLIPPERY + "estimator huge = sum(t in 0..T-1, score(t) * return(t)) * 1e200\n", 2,
                "the per-episode estimates of huge are too large to test: their sample covariance at W[0][0] is Infinity",
                "verify", "$F", "--estimator", "huge", "--episodes", "100"));
        rows.add(row("verify of an estimator of 1e150: finite, so a verdict",
                SLIPPERY + "estimator big = sum(t in 0..T-1, score(t) * gamma^t * return(t)) * 1e150\n", 1,
                "inconsistent", "verify", "$F", "--estimator", "big", "--episodes", "100"));
        rows.add(row("plot of a file that does not exist says why, not the path again",
                "", 2, "nofile.csv: no such file or directory", "plot", dir.resolve("nofile.csv").toString()));
        rows.add(row("plot --out under a file: an error naming the file in the way, not an internal error",
                "iteration,mean_return\n1,0.5\n2,0.75\n", 2, ".pg is a file, not a directory", "plot", "$F",
                "--out", "$F/x.png"));
        rows.add(row("sample --out under a file: the cause, not the temporary file's name",
                SLIPPERY, 2, ".pg is a file, not a directory", "sample", "$F", "--episodes", "2", "--out", "$F/x.jsonl"));
        rows.add(row("plot of a metrics file holding NaN: an error at its line and column, not a gap in the chart",
                "iteration,mean_return\n1,NaN\n2,0.5\n", 2,
                ".pg:2:3: error: 'NaN' in column mean_return is not a finite number", "plot", "$F", "--out", "$F.png"));
        rows.add(row("plot of a metrics file holding Infinity: an error at its line and column, not an internal error",
                "# seed = 1\niteration,mean_return\n1,0.5\n2,  -Infinity\n", 2,
                ".pg:4:5: error: '-Infinity' in column mean_return is not a finite number", "plot", "$F", "--out", "$F.png"));
        rows.add(row("plot of a metrics file with an empty field: no value there, a chart all the same",
                "iteration,mean_return\n1,\n2,0.5\n3,0.75\n", 0, "mean_return of 1 run in 1 configuration", "plot", "$F",
                "--out", "$F.png"));
        // the same file twice was once averaged with itself: "run (mean of 2 seeds)"
        rows.add(row("plot of the same file twice: a usage error naming it",
                "iteration,mean_return\n1,0.5\n2,0.75\n", 2, "is given twice", "plot", "$F", "$F", "--out", "$F.png"));
        // s_t = 1e10^t, so the reward -(s_t^2) = -1e(20 t) passes the largest double (1.8e308) first at t = 16
        rows.add(row("simulate where a formula environment's reward overflows: an error naming the reward, step and "
                + "episode, not -Infinity +- NaN", BLOW, 2, "the reward at step 16 of episode 0 is -Infinity",
                "simulate", "$F", "--episodes", "2", "--summary"));
        // verify once said "a job needs at least one episode, got 0" (a pilot's NaN variance made the count 0)
        rows.add(absent(row("verify --reference-se where the reward overflows: the same located error, not a job of 0 "
                + "episodes", BLOW, 2, "the reward at step 16 of episode 0 is -Infinity", "verify", "$F", "--episodes",
                "10", "--reference-se", "1"), "needs at least one episode"));
        rows.add(absent(row("verify where the reward overflows: the estimate's located error, not the reference's NaN J",
                BLOW, 2, "the reward at step 16 of episode 0 is -Infinity", "verify", "$F", "--episodes", "10"),
                "J is NaN"));
        // the reference's seed is ~seed on purpose (episodes independent of the estimate's), and says so
        rows.add(row("verify names the reference's seed as independent of the estimate's",
                BLOW.replace("blow", "calm").replace("horizon 50", "horizon 5").replace("s * 1e10", "s * 0.5 + a"), 0,
                "(reference seed -1, independent of the estimate's)", "verify", "$F", "--episodes", "200"));
        rows.add(row("simulate --json where the reward overflows: the same error, no \"Infinity\" in the JSON", BLOW, 2,
                "the reward at step 16 of episode 0 is -Infinity", "simulate", "$F", "--episodes", "2", "--json"));
        rows.add(row("sample where the reward overflows: the same error, no \"-Infinity\" written", BLOW, 2,
                "the reward at step 16 of episode 0 is -Infinity", "sample", "$F", "--episodes", "2", "--out", "$F.jsonl"));
        // rewards of 1e308: their sum passes the largest double at the second step
        rows.add(row("simulate where finite rewards sum beyond the doubles: an error naming the return", BIG_REWARDS, 2,
                "the return of episode 0 is Infinity by step 1 on the task 'big'", "simulate", "$F", "--episodes", "2"));
        rows.add(row("sample --all where finite rewards sum beyond the doubles: an error naming the return", BIG_REWARDS,
                2, "the return of episode 0 is Infinity by step 1 on the task 'big'", "sample", "$F", "--all", "--out",
                "$F.jsonl"));
        rows.add(row("verify on CartPole: undecided, not consistent (its reference is a biased secant)",
                "", 4, "undecided: the reference gradient cannot carry a verdict", "verify",
                "examples/cartpole/env.pg", "examples/cartpole/linear", "--episodes", "200"));
        // --lambda and --critic once were silently ignored by every estimator but gae
        rows.add(row("verify --lambda without --estimator gae: a usage error", SLIPPERY, 2,
                "--lambda applies to --estimator gae only", "verify", "$F", "--lambda", "0.5", "--episodes", "100"));
        rows.add(row("verify --critic without --estimator gae: a usage error", SLIPPERY, 2,
                "--critic applies to --estimator gae only", "verify", "$F", "--estimator", "total-return", "--critic",
                "exact", "--episodes", "100"));
        // --baseline beside a declared estimator or gae once said "unknown estimator 'rtg'; choose total-return,
        // reward-to-go or missing-discount", and beside --estimates was an internal error (exit 3) or ignored
        rows.add(row("verify --baseline with a declared estimator: it is a formula, not unknown", SLIPPERY
                + "estimator rtg = sum(t in 0..T-1, score(t) * gamma^t * return(t))\n", 2,
                "--baseline applies to the built-in estimators; estimator rtg is a formula", "verify", "$F",
                "--estimator", "rtg", "--baseline", "mean", "--episodes", "100"));
        rows.add(row("verify --baseline with gae: it takes a critic", SLIPPERY, 2, "gae uses --critic, not --baseline",
                "verify", "$F", "--estimator", "gae", "--baseline", "mean", "--episodes", "100", "--exact"));
        rows.add(row("verify --baseline with --estimates: no row can be checked against a batch baseline", SLIPPERY,
                2, "--baseline mean is fitted on a whole batch", "verify", "$F", "--estimates", "$F", "--baseline",
                "mean"));
        rows.add(row("verify --estimator gae --lambda --critic still runs", SLIPPERY, 0,
                "consistent", "verify", "$F", "--estimator", "gae", "--lambda", "1", "--critic", "exact", "--episodes",
                "200"));
        // J beyond the doubles was "J is NaN ... a reward, a state or a value overflowed"; the values are
        // -2 e^710 - 6 and -4 e^710 - 6 (ShortCorridorTest holds them to the closed form), and 3 * 1e308
        rows.add(absent(row("objective where J is beyond the doubles: the error says what J is",
                TWO, 2, "J is about -4.46799e+308 on the task 'short_corridor' (exact: linear solve",
                "objective", "examples/short-corridor", "--set", "theta=[710,0]"), "NaN"));
        rows.add(absent(row("table where J is beyond the doubles: the objective's error",
                TWO, 2, "J is about -8.93598e+308 on the task 'short_corridor' (exact: linear solve",
                "table", "examples/short-corridor", "--set", "theta=[0,710]"), "NaN"));
        rows.add(absent(row("objective where finite rewards sum beyond the doubles: the error says what J is", BIG_REWARDS,
                2, "J is about 3e+308 on the task 'big' (exact: backward induction", "objective", "$F"), "NaN"));
        // an unnormalized log pi of 1000 once gave "pi(go | A) is Infinity, not a probability"
        rows.add(row("table of a probability beyond the doubles names it from log pi",
                "action a in {go, stay}\nparam theta[2] = 0\npolicy log pi(a | s) = 1000 + theta[a]\n"
                        + "mdp once {\n  gamma 1\n  start A\n  terminal G\n  A go -> G reward 1\n  A stay -> G reward 2\n}\n",
                2, "pi(go | A) is 1.97007e+434 (log pi = 1000), not a probability", "table", "$F"));
        return rows;
    }

    static String letChain(int n) {
        StringBuilder s = new StringBuilder(TWO + "param t = 0\nlet l0 = t\n");
        for (int i = 1; i < n; i++) s.append("let l").append(i).append(" = l").append(i - 1).append(" + 0\n");
        return s.append("policy pi(a | s) = categorical(logits = [l").append(n - 1).append(", 0])\n").toString();
    }

    /** A 2-action policy whose first logit is a sum of n + 1 terms, each a product of t[0] and t[1]. */
    static String longSum(int n) {
        return TWO + "param t[10] = 0.1\npolicy log pi(a | s) = log_softmax([sum(i in 0..%d, sin(t[0] * i) * t[1] ^ i), 0])[a]\n"
                .formatted(n);
    }

    /**
     * A sum of 10,000 terms: the simplifier flattens it once (it rebuilt every partial sum, N^2 work: over
     * 25 s and 2 GB), so check runs all four methods; derive prints it in text linear in its terms (it copied
     * every partial sum's text into the next, beyond its 500 million character limit), which at 1.6 million
     * characters is more than a program file holds, so derive refuses it, naming its size.
     */
    @Test
    void deriveAndCheckOfALongSumAreBounded() throws IOException {
        Path file = dir.resolve("long-sum.pg");
        Files.writeString(file, longSum(9999));
        StringWriter err = new StringWriter(), out = new StringWriter(), derived = new StringWriter();
        int code = Main.run(new String[] {"derive", file.toString()}, new PrintWriter(derived), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        // each parameter's 10,000 terms, a few dozen characters each
        var size = java.util.regex.Pattern.compile("would be ([0-9]+) characters, more than the 1048576").matcher(err.toString());
        assertTrue(size.find(), err.toString());
        assertTrue(Long.parseLong(size.group(1)) < 10_000 * 2 * 100, err.toString());
        code = Main.run(new String[] {"check", file.toString(), "--points", "1"}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("agree"), out.toString());
    }

    /** Runs {@code policygrad args...}; returns standard output, after asserting exit code 0. */
    static String ok(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);
        assertFalse(out.toString().contains("Infinity"), out.toString());
        return out.toString();
    }

    /** {@code x} to {@code digits} significant digits as Text.number writes a large or small one: {@code 1.41351e+323}. */
    static String scientific(BigDecimal x, int digits) {
        BigDecimal r = x.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = r.precision() - r.scale() - 1;
        return r.movePointLeft(exponent).toPlainString() + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }

    /** The number under {@code key} in a JSON text, as written (a reader with arbitrary precision's view). */
    static BigDecimal jsonDecimal(String json, String key) throws IOException {
        try (var parser = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
            for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && key.equals(parser.currentName())) return parser.getDecimalValue();
            }
        }
        throw new AssertionError("no number '" + key + "' in " + json);
    }

    static BigDecimal decimal(Dfp x) {
        return new BigDecimal(x.toString());
    }

    static void assertRelative(BigDecimal expected, BigDecimal actual, double tolerance, String what) {
        BigDecimal error = actual.subtract(expected).abs().divide(expected.abs(), MathContext.DECIMAL64);
        assertTrue(error.doubleValue() <= tolerance, what + ": " + actual + " against " + expected + ", relative error " + error);
    }

    /**
     * pi = exp(log pi) beyond the normal doubles is written from log pi by every command that prints it,
     * in text and as a JSON number: it was "pi = Infinity" with exit 0 (and "Infinity" in JSON) above
     * 1.8e308, and 0 below 4.9e-324. Held to closed forms in 60-digit decimal floating point (Commons
     * Math's Dfp): a normal density at its mean with std e^-745, e^745 / sqrt(2 pi); a softmax
     * probability 1 / (1 + e^900 + e^10); an unnormalized log pi = 1000, e^1000; a probability
     * e^-800 / (1 + e^-800). JSON's digits come from log pi as a double, within 1e-12 of the closed form.
     */
    @Test
    void aDensityOrProbabilityBeyondTheDoublesIsPrintedFromLogPi() throws IOException {
        DfpField f = new DfpField(60);
        Path lqr = dir.resolve("beyond-density.pg");
        Files.writeString(lqr, LQR_POLICY);
        BigDecimal density = decimal(DfpMath.exp(f.newDfp(745)).divide(f.getTwo().multiply(f.getPi()).sqrt()));
        String[] at = {lqr.toString(), "--state", "0.5", "--action", "0", "--set", "log_std=-745"};
        assertTrue(ok(concat("eval", at)).contains("pi(0 | 0.5) = " + scientific(density, 6) + "\n"),
                ok(concat("eval", at)));
        assertTrue(ok(concat("score", at)).contains("(pi(0 | 0.5) = " + scientific(density, 6) + ")"),
                ok(concat("score", at)));
        for (String command : new String[] {"eval", "score"}) {
            String json = ok(concat(command, concat(at, "--json")));
            assertRelative(density, jsonDecimal(json, "pi"), 1e-12, command + " --json");
        }

        Path softmax = dir.resolve("beyond-softmax.pg");
        Files.writeString(softmax, "action a in {u, v, w}\nparam z[3] = [0, 900, 10]\n"
                + "policy pi(a | s) = categorical(probs = softmax(z))\n");
        BigDecimal tiny = decimal(f.getOne().divide(f.getOne().add(DfpMath.exp(f.newDfp(900))).add(DfpMath.exp(f.newDfp(10)))));
        String text = ok("eval", softmax.toString(), "--action", "u");
        assertTrue(text.contains("pi(u) = " + scientific(tiny, 6) + "\n"), text);
        text = ok("eval", softmax.toString());
        assertTrue(text.contains("u       " + scientific(tiny, 6) + "  -900"), text);
        assertRelative(tiny, jsonDecimal(ok("eval", softmax.toString(), "--action", "u",
                "--json"), "pi"), 1e-12, "eval --json");

        String mdp = "mdp once {\n  gamma 1\n  start A\n  terminal G\n  A go -> G reward 1\n  A stay -> G reward 2\n}\n";
        Path unnormalized = dir.resolve("beyond-unnormalized.pg");
        Files.writeString(unnormalized, "action a in {go, stay}\nparam theta[2] = 0\npolicy log pi(a | s) = 1000 + theta[a]\n" + mdp);
        BigDecimal huge = decimal(DfpMath.exp(f.newDfp(1000)));
        text = ok("simulate", unnormalized.toString(), "--episodes", "1");
        assertTrue(text.contains("[" + scientific(huge, 6) + ", " + scientific(huge, 6) + "]"), text);
        assertRelative(huge, jsonDecimal(ok("simulate", unnormalized.toString(),
                "--episodes", "1", "--json"), "stay"), 1e-15, "simulate --json");
        text = ok("eval", unnormalized.toString(), "--state", "A", "--action", "go");
        assertTrue(text.contains("pi(go | A) = " + scientific(huge, 6)), text);

        Path small = dir.resolve("beyond-small.pg");
        Files.writeString(small, "action a in {go, stay}\nparam theta[2] = [0, -800]\n"
                + "policy pi(a | s) = categorical(logits = theta)\n" + mdp);
        Dfp e800 = DfpMath.exp(f.newDfp(-800));
        BigDecimal stay = decimal(e800.divide(f.getOne().add(e800)));
        text = ok("table", small.toString());
        assertTrue(text.contains("  1       " + scientific(stay, 6) + "  1     go"), text);
        assertRelative(stay, jsonDecimal(ok("table", small.toString(), "--json"), "stay"),
                1e-12, "table --json");
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String[] concat(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }

    static String defs(String pattern, int n) {
        StringBuilder s = new StringBuilder(TWO + "param t = 0\ndef f0(x) = x + x\n");
        for (int i = 1; i <= n; i++) s.append(String.format(pattern, i, i - 1, i - 1)).append('\n');
        return s.append("policy pi(a | s) = categorical(logits = [f").append(n).append("(t), 0])\n").toString();
    }

    @TestFactory
    Stream<DynamicTest> everyRowGivesItsExpectedOutcome() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Path file = dir.resolve(r.name().replaceAll("[^a-zA-Z0-9]+", "-") + ".pg");
            Files.writeString(file, r.program());
            String[] args = r.args().clone();
            for (int i = 0; i < args.length; i++) args[i] = args[i].replace("$F", file.toString());
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
            String all = out + "\n" + err;
            assertEquals(r.code(), code, all);
            assertTrue(all.contains(r.contains()), "expected '" + r.contains() + "' in:\n" + all);
            assertFalse(all.contains("internal error") || all.contains("Exception"), all);
            if (r.absent() != null) assertFalse(all.contains(r.absent()), "unexpected '" + r.absent() + "' in:\n" + all);
        }));
    }

    /**
     * A file's lines ended by {@code ending}; "mixed" ends them by a carriage return, both and a line feed in
     * turn (never a carriage return before an empty line ended by a line feed: that is one line end).
     */
    static byte[] lines(List<String> lines, String ending) {
        String[] mixed = {"\r", "\r\n", "\n"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i)).append(ending.equals("mixed") ? mixed[i % 3] : ending);
        }
        // '@' stands for a byte that is not UTF-8
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == '@') bytes[i] = (byte) 0xff;
        return bytes;
    }

    /**
     * A file whose line {@code line} (from 1) holds an error at the first {@code at}; {@code others} are
     * files it needs, all written with the same line ends. $F is the file, $1, $2 the others.
     */
    record LineEndCase(String name, List<String> lines, int line, String at, List<List<String>> others, String... args) {}

    static final String HALF_LOG = "-0.6931471805599453";

    /** An episode of {@code action a in {go, stay}} on {@code mdp one} (A go -> {G: 0.8, A: 0.2} reward 1). */
    static String goEpisode(int i) {
        return "{\"episode\":" + i + ",\"states\":[[],[]],\"actions\":[\"go\"],\"rewards\":[1.0],\"log_pi\":["
                + HALF_LOG + "],\"terminated\":true}";
    }

    static final List<String> ONE_MDP = List.of("action a in {go, stay}", "param theta[2] = 0",
            "policy pi(a | s) = categorical(logits = theta)", "mdp one {", "  gamma 0.9", "  start A", "  terminal G",
            "  A go -> {G: 0.8, A: 0.2} reward 1", "  A stay -> A reward 0", "}");

    static List<LineEndCase> lineEndCases() {
        List<String> estimates = List.of("theta[0],theta[1]", "0,0", "0,0", "0,0");
        return List.of(
                new LineEndCase("the checker's unknown name", List.of("state s", "# a comment", "action a : real", "",
                        "param ls = 0", "policy pi(a | s) = normal(mean = s, std = exp(lx))"), 6, "lx", List.of(), "check", "$F"),
                new LineEndCase("the parser's syntax error", List.of("action a in {x, y}", "param b = 0", "policy pi(a | s) =",
                        "  bernoulli(logit = b +)"), 4, ")", List.of(), "check", "$F"),
                new LineEndCase("the lexer's unexpected character", List.of("action a in {x, y}", "", "param b = 0 $",
                        "policy pi(a | s) = bernoulli(logit = b)"), 3, "$", List.of(), "check", "$F"),
                new LineEndCase("a byte that is not UTF-8", List.of("action a in {x, y}", "param b = 0", "# caf@",
                        "policy pi(a | s) = bernoulli(logit = b)"), 3, "\uFFFD", List.of(), "check", "$F"),
                new LineEndCase("an evaluation error", List.of("state s", "action a : real", "param m = 0", "param sd = 1e-300",
                        "policy pi(a | s) = normal(mean = m, std = sd)"), 5, "normal", List.of(), "score", "$F", "--state", "0",
                        "--action", "1e-290"),
                new LineEndCase("--state's formula", List.of("1 +", "  * 2"), 2, "*", 
                        List.of(List.of("state s", "action a in {go, stay}", "param theta[2] = 0",
                                "policy pi(a | s) = categorical(logits = theta * s)")),
                        "score", "$1", "--action", "go", "--state", "$T"),
                new LineEndCase("an episode file's JSON", List.of(goEpisode(0), goEpisode(1), goEpisode(2).replace("[1.0]", "[1.0,]")),
                        3, "],\"log_pi", List.of(ONE_MDP, estimates), "verify", "$1", "--estimates", "$2", "--episodes-from", "$F"),
                new LineEndCase("an episode that does not fit the task", List.of(goEpisode(0), "", goEpisode(1).replace("go", "jump")),
                        3, "{", List.of(ONE_MDP, estimates), "verify", "$1", "--estimates", "$2", "--episodes-from", "$F"),
                new LineEndCase("an estimates CSV row", List.of("theta[0],theta[1]", "0,0", "0,0", "0,x1"), 4, "x1",
                        List.of(ONE_MDP), "verify", "$1", "--estimates", "$F"),
                new LineEndCase("an estimates JSON line", List.of("{\"episode\": 0, \"gradient\": {\"theta[0]\": 0, \"theta[1]\": 0}}",
                        "{\"episode\": 1, \"gradient\": {\"theta[0]\": 0, \"theta[1]\": 0}}", "{\"episode\": 7, \"gradient\": "
                        + "{\"theta[0]\": 0, \"theta[1]\": 0}}"), 3, "{", List.of(ONE_MDP), "verify", "$1", "--estimates", "$F"),
                new LineEndCase("plot's metrics CSV", List.of("# seed = 1", "iteration,mean_return", "1,0.5", "2,  zz"), 4, "zz",
                        List.of(), "plot", "$F", "--out", "$F.png"));
    }

    /**
     * A line ends at a line feed, a carriage return followed by a line feed, or a carriage return alone
     * (old Mac files; the parser once read such a file as one line, "cr.pg:1:84"): every error names the
     * line and column counted by hand, and quotes that line alone with the caret under the column.
     */
    @TestFactory
    Stream<DynamicTest> everyLineEndEndsALine() {
        return lineEndCases().stream().flatMap(c -> Stream.of("\n", "\r\n", "\r", "mixed").map(ending -> DynamicTest.dynamicTest(
                c.name() + " with lines ended by " + ending.replace("\r", "CR").replace("\n", "LF"), () -> {
                    Path work = Files.createTempDirectory(dir, "le");
                    Path file = work.resolve("f.pg");
                    Files.write(file, lines(c.lines(), ending));
                    String text = new String(lines(c.lines(), ending), java.nio.charset.StandardCharsets.UTF_8);
                    String[] args = c.args().clone();
                    for (int i = 0; i < args.length; i++) {
                        if (args[i].equals("$T")) args[i] = text;
                        for (int k = 0; k < c.others().size(); k++) {
                            if (!args[i].equals("$" + (k + 1))) continue;
                            Path other = work.resolve("other" + k + (k == 0 ? ".pg" : ".csv"));
                            Files.write(other, lines(c.others().get(k), ending));
                            args[i] = other.toString();
                        }
                        args[i] = args[i].replace("$F", file.toString());
                    }
                    String named = args[args.length - 2].equals("--state") ? "--state" : file.toString();
                    String line = c.lines().get(c.line() - 1).replace('@', '\uFFFD');
                    int column = line.indexOf(c.at()) + 1;
                    CommandRun run = CommandRun.of(args);
                    String all = run.out() + run.err();
                    assertEquals(2, run.code(), all);
                    assertTrue(all.contains(named + ":" + c.line() + ":" + column + ": "), "expected " + named + ":"
                            + c.line() + ":" + column + " in:\n" + all);
                    // a formula given on the command line is not quoted
                    if (!named.equals("--state")) assertTrue(all.contains("\n  " + line + "\n  " + " ".repeat(column - 1) + "^"), all);
                    assertFalse(all.contains("\r") || all.contains("Exception"), all);
                })));
    }

    /**
     * mdp one sets no horizon, so an episode that does not terminate runs to the step cap: one that stays
     * once and stops, "terminated": false, was once accepted and its estimate judged.
     */
    @Test
    void anUnterminatedEpisodeThatStopsEarlyIsRejected() throws IOException {
        Path work = Files.createTempDirectory(dir, "cut");
        Path program = work.resolve("one.pg"), estimates = work.resolve("e.csv"), episodes = work.resolve("e.jsonl");
        Files.writeString(program, String.join("\n", ONE_MDP) + "\n");
        Files.writeString(estimates, "theta[0],theta[1]\n0,0\n0,0\n");
        String stay = goEpisode(1).replace("\"go\"", "\"stay\"").replace("[1.0]", "[0.0]");
        Files.writeString(episodes, goEpisode(0) + "\n" + stay.replace("true", "false") + "\n");
        CommandRun run = CommandRun.of("verify", program.toString(), "--estimates", estimates.toString(), "--episodes-from",
                episodes.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith(episodes + ":2:1: error: field \"terminated\" is false, but the episode stops after "
                + "1 step: an episode that does not end in a terminal state runs to the step cap of 100000 steps (the task "
                + "'one' sets no horizon)"), run.err());
        // as terminated it is still no episode of one: stay leads back to A, which is not terminal
        Files.writeString(episodes, goEpisode(0) + "\n" + stay + "\n");
        run = CommandRun.of("verify", program.toString(), "--estimates", estimates.toString(), "--episodes-from",
                episodes.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(":2:1: error: field \"states\" no path of mdp one fits"), run.err());
    }

    @TestFactory
    Stream<DynamicTest> malformedParameterFilesAreRejected() throws IOException {
        Path program = dir.resolve("p.pg");
        Files.writeString(program, TWO + "param b = 0\npolicy pi(a | s) = bernoulli(logit = b)\n");
        return Stream.of(new String[] {"duplicate key", "{\"b\": 1, \"b\": 2}", "Duplicate field 'b'"},
                new String[] {"trailing text", "{\"b\": 1} xx", "Unrecognized token 'xx'"},
                new String[] {"empty file", "", "empty"},
                new String[] {"too large", "{\"b\": 1" + " ".repeat(2_000_000) + "}", "bytes, more than the"},
                new String[] {"infinite value", "{\"b\": 1e999}", "not a finite number"})
                .map(c -> DynamicTest.dynamicTest(c[0], () -> {
                    Path params = dir.resolve(c[0].replace(' ', '-') + ".json");
                    Files.writeString(params, c[1]);
                    StringWriter out = new StringWriter(), err = new StringWriter();
                    int code = Main.run(new String[] {"eval", program.toString(), "--action", "x", "--params",
                            params.toString()}, new PrintWriter(out), new PrintWriter(err));
                    assertEquals(2, code, err.toString());
                    assertTrue(err.toString().contains(c[2]), err.toString());
                }));
    }

    static int train(Path work, StringWriter err, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", Path.of("examples/short-corridor").toAbsolutePath().toString(),
                "--exact-gradient", "--iterations", "3"));
        for (String e : extra) args.add(e.startsWith("@") ? work.resolve(e.substring(1)).toString() : e);
        return Main.run(args.toArray(new String[0]), new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    @TestFactory
    Stream<DynamicTest> aSampleThatOverflowsWritesNothing() {
        return Stream.of(new String[] {"sampled", "--episodes", "2"}, new String[] {"every trajectory", "--all"})
                .map(c -> DynamicTest.dynamicTest(c[0], () -> {
                    Path work = Files.createTempDirectory(dir, "s");
                    Path program = work.resolve("p.pg");
                    Files.writeString(program, c[0].equals("sampled") ? BLOW : BIG_REWARDS);
                    List<String> args = new ArrayList<>(List.of("sample", program.toString(), "--out",
                            work.resolve("e.jsonl").toString()));
                    args.addAll(List.of(c).subList(1, c.length));
                    StringWriter err = new StringWriter();
                    assertEquals(2, Main.run(args.toArray(new String[0]), new PrintWriter(new StringWriter()),
                            new PrintWriter(err)));
                    assertTrue(err.toString().contains("overflowed the range of doubles"), err.toString());
                    try (Stream<Path> files = Files.list(work)) {
                        assertEquals(List.of("p.pg"), files.map(p -> p.getFileName().toString()).toList());
                    }
                }));
    }

    // sample once held every episode in memory before writing, so 2^31 - 1 episodes ended in "out of memory";
    // it streams them now, and a file that could never fit on the disk is refused after its first episodes
    @Test
    void anEpisodeCountTheDiskCannotHoldFailsFastAndLeavesNothing() throws Exception {
        // a random walk of 20,000 steps: an episode is a line of about 1.6 MB, 2^31 - 1 of them some PB
        Path work = Files.createTempDirectory(dir, "huge");
        Path program = work.resolve("walk.pg");
        Files.writeString(program, "state s\naction a : real\nparam k = 0\npolicy pi(a | s) = normal(mean = k, std = 1)\n"
                + "env walk {\n  horizon 20000\n  start = 0\n  next = s + a\n  reward = -(s ^ 2)\n}\n");
        CommandRun r = CommandRun.of("sample", program.toString(), "--episodes", "2147483647", "--out",
                work.resolve("w.jsonl").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--episodes 2147483647 would write about ") && r.err().contains(" PB to "), r.err());
        // refused early: the projection rests on the first chunks' episodes, not on a run towards the end
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("an episode over the first (\\d+)\\)")
                .matcher(r.err());
        assertTrue(first.find(), r.err());
        assertTrue(Integer.parseInt(first.group(1)) <= 64, "refused after " + first.group(1) + " episodes");
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of("walk.pg"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> nothingTrainedIsLost() {
        return Stream.of(
                DynamicTest.dynamicTest("--checkpoint X --out X is a usage error before training", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    StringWriter err = new StringWriter();
                    assertEquals(2, train(work, err, "--checkpoint", "@x.json", "--out", "@x.json"));
                    assertTrue(err.toString().contains("--checkpoint and --out both write"), err.toString());
                    assertFalse(Files.exists(work.resolve("x.json")));
                }),
                DynamicTest.dynamicTest("--out X --csv X is a usage error", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    StringWriter err = new StringWriter();
                    assertEquals(2, train(work, err, "--out", "@y", "--csv", "@y"));
                    assertTrue(err.toString().contains("--out and --csv both write"), err.toString());
                }),
                DynamicTest.dynamicTest("--csv X.metrics.csv beside --checkpoint X is a usage error", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    StringWriter err = new StringWriter();
                    assertEquals(2, train(work, err, "--checkpoint", "@x.json", "--csv", "@x.json.metrics.csv"));
                    assertTrue(err.toString().contains("--checkpoint's metric rows and --csv both write"), err.toString());
                }),
                DynamicTest.dynamicTest("--out under a file that is not a directory fails before training", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    Files.writeString(work.resolve("plain"), "x");
                    StringWriter err = new StringWriter();
                    assertEquals(2, train(work, err, "--out", "@plain/t.json"));
                    assertTrue(err.toString().contains("cannot create files in"), err.toString());
                }),
                DynamicTest.dynamicTest("--out through a symbolic link writes its target", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    Files.writeString(work.resolve("target.json"), "{}");
                    Files.createSymbolicLink(work.resolve("link.json"), Path.of("target.json"));
                    assertEquals(0, train(work, new StringWriter(), "--out", "@link.json"));
                    assertTrue(Files.isSymbolicLink(work.resolve("link.json")));
                    assertTrue(Files.readString(work.resolve("target.json")).contains("theta"));
                }),
                DynamicTest.dynamicTest("--checkpoint never replaces another run's checkpoint", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    assertEquals(0, train(work, new StringWriter(), "--checkpoint", "@ck.json"));
                    String before = Files.readString(work.resolve("ck.json"));
                    String rowsBefore = Files.readString(work.resolve("ck.json.metrics.csv"));
                    StringWriter err = new StringWriter();
                    assertEquals(2, train(work, err, "--checkpoint", "@ck.json"));
                    assertTrue(err.toString().contains("already exists"), err.toString());
                    assertEquals(before, Files.readString(work.resolve("ck.json")));
                    assertEquals(rowsBefore, Files.readString(work.resolve("ck.json.metrics.csv")));
                    assertEquals(0, train(work, new StringWriter(), "--resume", "@ck.json", "--checkpoint", "@ck.json"));
                }),
                DynamicTest.dynamicTest("--resume with a checkpoint of another task is an error", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    assertEquals(0, train(work, new StringWriter(), "--checkpoint", "@ck.json"));
                    Path other = work.resolve("other.pg");
                    Files.writeString(other, "mdp other {\n  gamma 1\n  start S1\n  terminal G\n"
                            + "  S1 right -> G reward 1\n  S1 left -> S1 reward -1\n}\n");
                    StringWriter err = new StringWriter();
                    int code = Main.run(new String[] {"train", Path.of("examples/short-corridor/policy.pg").toString(),
                            other.toString(), "--exact-gradient", "--iterations", "3", "--resume",
                            work.resolve("ck.json").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
                    assertEquals(2, code);
                    assertTrue(err.toString().contains("belongs to another run: it was made for task 'short_corridor'"),
                            err.toString());
                }),
                DynamicTest.dynamicTest("a write killed midway leaves no temporary file behind the next", () -> {
                    Path work = Files.createTempDirectory(dir, "t");
                    Files.writeString(work.resolve(".t.json123456789.tmp"), "half");
                    assertEquals(0, train(work, new StringWriter(), "--out", "@t.json"));
                    try (Stream<Path> files = Files.list(work)) {
                        assertEquals(List.of("t.json"), files.map(p -> p.getFileName().toString()).toList());
                    }
                }));
    }
}
