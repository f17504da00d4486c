package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.LargeStack;
import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ad.Program;
import dev.policygrad.ad.Tape;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.check.ClaimSpec;
import dev.policygrad.diag.CheckError;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.SizeLimitError;
import dev.policygrad.diag.SyntaxError;
import dev.policygrad.ir.Node;
import dev.policygrad.parse.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * What {@code derive} prints reads back, and what it refuses would not. Random programs either nest a chain
 * of up to 2,450 {@code let}s (about 9,800 levels once expanded, within the language's 10,000; their
 * derivatives nest about 2.5 times as deep) or sum up to 5,000 terms (their derivatives print about 300
 * characters a term), so that their texts fall on both sides of the limits (1 MiB read back, 10,000 levels
 * once lets are expanded); the statistics' coverage checks that they do. Each text derive prints (log pi
 * with its lets, the derivatives with theirs) is read back as a reader would, in files of its own beside
 * the program's declarations, parsed and checked in full, and each formula evaluates at random points to
 * the formula printed, to 1e-12 relative. Each text refused, printed regardless, does not read back, at the
 * limit the refusal named. Two examples hold the limits to the level and to the character, and --json's
 * formulas to the same.
 */
class DerivedTextReadsBackProperties {

    /** Long names lengthen the texts (they recur in the lets): fewer terms, quicker to simplify, reach 1 MiB. */
    private static final String P0 = "frequency_of_every_sine", P1 = "coefficients_of_the_terms";
    private static final String DECLARATIONS = "state s[2]\naction a : real\nparam " + P0 + " = 0\nparam " + P1 + "[3] = 0\n";
    private static final String PRINTED = "printed", TOO_LARGE = "refused: over 1 MiB", TOO_DEEP = "refused: too deep";
    private static final String[] FUNCTIONS = {"sin", "cos", "tanh", "sigmoid"};

    /**
     * A program deep (up to 2,450 lets, about 9,800 levels, and a short sum) or long (a few lets, and up to 5,000
     * terms), so that each limit is met on its own. The draws are the seed's alone (no edge cases, no replay of a
     * failure's sample first), so the coverage below is that of the same six programs every run.
     */
    @Property(tries = 6, seed = "20260611", edgeCases = EdgeCasesMode.NONE, afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void derivedTextReadsBackOrBreaksALimit(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean deep = random.nextBoolean();
        int depth = random.nextInt(1, deep ? 2451 : 51), terms = random.nextInt(1, deep ? 51 : 5001);
        // as every command does: the checker and the simplifier recurse as deep as the language allows
        String[] outcomes = LargeStack.call(() -> check(random, depth, terms), () -> new IllegalStateException("out of stack"));
        Statistics.label("log pi").collect(outcomes[0]);
        Statistics.label("the derivatives").collect(outcomes[1]);
        // the draws fall on both sides of both limits
        Statistics.label("the derivatives").coverage(checker -> {
            checker.check(PRINTED).count(c -> c > 0);
            checker.check(TOO_LARGE).count(c -> c > 0);
            checker.check(TOO_DEEP).count(c -> c > 0);
        });
    }

    /**
     * The depth limit holds to the level. d/dth of n nested sines, {@code prod_k cos(sin^k(th))}, prints as a
     * chain of lets that nests at most 10,000 levels once expanded for n = 3323 and more for n = 3324: the first
     * is printed and reads back to the product computed here in a loop (to 1e-12 relative; n roundings), the
     * second is refused, naming its depth and the limit, and printed regardless the checker refuses it.
     */
    @Example
    void derivativesReadBackUpToTheDepthLimitAndAreRefusedBeyondIt() {
        LargeStack.call(() -> {
            String declarations = "action a : real\nparam th = 0.1\n";
            for (int n : new int[] {3323, 3324}) {
                StringBuilder program = new StringBuilder(declarations).append("let t1 = sin(th)\n");
                for (int i = 2; i <= n; i++) program.append("let t").append(i).append(" = sin(t").append(i - 1).append(")\n");
                program.append("policy log pi(a | s) = t").append(n).append(" - a ^ 2\n");
                SymbolicGradient gradient = SymbolicGradient.of(Policy.of(Checker.check(Parser.parse("t.pg",
                        program.toString()))));
                Map<String, Node> named = Map.of("d log pi / d th", gradient.blocks().get("th"));
                if (n == 3323) {
                    String text = gradient.infix();
                    Node derivative = readBack(declarations, text.substring(text.indexOf("\n\n") + 2), true).get(0);
                    double x = 0.1, expected = 1;
                    for (int k = 0; k < n; k++) {
                        expected *= Math.cos(x);
                        x = Math.sin(x);
                    }
                    double[] got = evaluate(derivative, 1, new double[][] {{0.1}, {}, {0.5}});
                    assertEquals(expected, got[0], 1e-12 * expected);
                    // --json prints each formula on its own
                    String json = (String) ((Map<?, ?>) ((Map<?, ?>) gradient.json().get("gradient")).get("th")).get("infix");
                    Node fromJson = readBack(declarations, json, false).get(0);
                    assertEquals(expected, evaluate(fromJson, 1, new double[][] {{0.1}, {}, {0.5}})[0], 1e-12 * expected);
                } else {
                    SizeLimitError refused = assertThrows(SizeLimitError.class, gradient::infix);
                    assertThrows(SizeLimitError.class, gradient::json);
                    assertTrue(refused.getMessage().matches("derive's text for d log pi / d th would nest 100[0-9][1-9] "
                            + "levels once its lets are expanded, more than the 10000 the language reads .*"), refused.getMessage());
                    CheckError unread = assertThrows(CheckError.class,
                            () -> readBack(declarations, ExprPrinter.infix(named), true));
                    assertTrue(unread.getMessage().endsWith("levels deep once the lets and defs it uses are expanded; "
                            + "the limit is 10000"), unread.getMessage());
                }
            }
            return null;
        }, () -> new IllegalStateException("out of stack"));
    }

    /**
     * The size limit holds to the character. d/dw of {@code w @ c}, c the constant {@code [1, ..., N] * 10^6},
     * prints as c's literal; for the largest N whose text read back ({@code let d0 = [...]}) is at most 1 MiB it is
     * printed and reads back to c exactly, and for N + 1 it is refused, naming that size and the limit, and printed
     * regardless the parser refuses it as too large.
     */
    @Example
    void derivativesReadBackUpToTheSizeLimitAndAreRefusedBeyondIt() {
        String label = "let d0 = [";
        long length = label.length() + "]\n".length() - ", ".length();
        int largest = 0;
        while (true) {
            long next = length + Long.toString((largest + 1) * 1_000_000L).length() + 2;
            if (next > Parser.MAX_FILE_BYTES) break;
            length = next;
            largest++;
        }
        for (int n : new int[] {largest, largest + 1}) {
            StringBuilder constants = new StringBuilder("[1");
            for (int k = 2; k <= n; k++) constants.append(", ").append(k);
            String declarations = "action a : real\nparam w[" + n + "] = 0\n";
            String program = declarations + "let c = " + constants + "] * 1000000\npolicy log pi(a | s) = w @ c - a ^ 2\n";
            SymbolicGradient gradient = SymbolicGradient.of(Policy.of(Checker.check(Parser.parse("t.pg", program))));
            Map<String, Node> named = Map.of("d log pi / d w", gradient.blocks().get("w"));
            String regardless = ExprPrinter.infix(named);
            long readBackLength = regardless.length() - "d log pi / d w".length() + "let d0".length() + 1;
            if (n == largest) {
                assertEquals(length, readBackLength, "the literal counted above");
                String text = ReadBack.infix("the derivatives", named);
                double[] got = evaluate(readBack(declarations, text, true).get(0), n, new double[][] {new double[n], {}, {0.5}});
                for (int k = 0; k < n; k++) assertEquals((k + 1) * 1e6, got[k], 0, "element " + k);
            } else {
                assertTrue(readBackLength > Parser.MAX_FILE_BYTES, "" + readBackLength);
                SizeLimitError refused = assertThrows(SizeLimitError.class, () -> ReadBack.infix("the derivatives", named));
                assertTrue(refused.getMessage().startsWith("derive's text for the derivatives, read back as lets, would be "
                        + readBackLength + " characters, more than the 1048576 (1 MiB) a program file may hold"),
                        refused.getMessage());
                assertThrows(SizeLimitError.class, gradient::infix);
                SyntaxError unread = assertThrows(SyntaxError.class, () -> readBack(declarations, regardless, true));
                assertTrue(unread.getMessage().startsWith("file too large"), unread.getMessage());
            }
        }
    }

    /** Whether log pi and the derivatives were printed or refused; each printed text read back, each refused one not. */
    private static String[] check(SplittableRandom random, int depth, int terms) {
        Policy policy = Policy.of(Checker.check(Parser.parse("t.pg", program(random, depth, terms))));
        SymbolicGradient gradient = SymbolicGradient.of(policy);
        Map<String, Node> derivatives = new LinkedHashMap<>();
        gradient.blocks().forEach((name, node) -> derivatives.put("d log pi / d " + name, node));
        List<double[][]> points = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            points.add(new double[][] {uniform(random, 4), uniform(random, 2), uniform(random, 1)});
        }
        String logPi = readsBackOrBreaksALimit("log pi", Map.of("log pi", gradient.logPi()), points);
        String derived = readsBackOrBreaksALimit("the derivatives", derivatives, points);
        if (logPi.equals(PRINTED) && derived.equals(PRINTED)) {
            assertTrue(gradient.infix().contains("d log pi / d " + P1 + " = "));
        } else {
            assertThrows(SizeLimitError.class, gradient::infix);
        }
        return new String[] {logPi, derived};
    }

    /**
     * A random policy: {@code t_depth}, a chain of lets each a function of the one before and a parameter, plus
     * a sum of {@code terms} products of parameters and the state, minus a square in the action.
     */
    private static String program(SplittableRandom random, int depth, int terms) {
        StringBuilder text = new StringBuilder(DECLARATIONS).append("let t0 = " + P0 + " * s[0]\n");
        for (int i = 1; i <= depth; i++) {
            text.append("let t").append(i).append(" = ").append(FUNCTIONS[random.nextInt(FUNCTIONS.length)])
                    .append('(').append(constant(random)).append(" * t").append(i - 1).append(" + " + P1 + "[")
                    .append(random.nextInt(3)).append("])\n");
        }
        text.append("policy log pi(a | s) = t").append(depth).append(" * s[1] + sum(i in 1..").append(terms)
                .append(", sin(" + P0 + " * i + ").append(constant(random)).append(") * " + P1 + "[").append(random.nextInt(3))
                .append("] ^ i * cos(" + P1 + "[").append(random.nextInt(3)).append("] * i - s[0])) - (a - " + P1
                        + "[0] * s[0]) ^ 2\n");
        return text.toString();
    }

    /** One of +-1/8, ..., +-1: never 0, which would cut the chain of lets short. */
    private static String constant(SplittableRandom random) {
        return Double.toString((random.nextBoolean() ? 1 : -1) * (random.nextInt(8) + 1) / 8.0);
    }

    private static double[] uniform(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.nextDouble(-1, 1);
        return x;
    }

    /**
     * Whether derive prints {@code named} (lets, then {@code name = formula} lines); if it does, the text reads back
     * to the same values at {@code points}, and if it does not, the text printed regardless fails to read back at
     * the limit named.
     */
    private static String readsBackOrBreaksALimit(String what, Map<String, Node> named, List<double[][]> points) {
        String text;
        try {
            text = ReadBack.infix(what, named);
        } catch (SizeLimitError refused) {
            String regardless = ExprPrinter.infix(named);
            PolicygradException failure = assertThrows(PolicygradException.class, () -> readBack(DECLARATIONS, regardless, true),
                    what + " was refused (" + refused.getMessage() + ") but reads back");
            boolean size = refused.getMessage().contains("1 MiB");
            String limit = size ? "file too large" : "levels deep once the lets";
            assertTrue(failure.getMessage().contains(limit), refused.getMessage() + "\nbut reading back: " + failure);
            return size ? TOO_LARGE : TOO_DEEP;
        }
        List<Node> formulas = readBack(DECLARATIONS, text, true);
        List<Node> printed = new ArrayList<>(named.values());
        assertEquals(printed.size(), formulas.size(), text);
        for (double[][] point : points) {
            for (int k = 0; k < printed.size(); k++) {
                double[] want = evaluate(printed.get(k), 4, point), got = evaluate(formulas.get(k), 4, point);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])), what + ", element " + i);
                }
            }
        }
        return PRINTED;
    }

    /**
     * The formulas of a printed text, as a reader would read them back: a file of the text's lets and each formula as
     * a let of its own ({@code let dK = formula}), given after one of the program's declarations and before one of a
     * claim per formula.
     */
    private static List<Node> readBack(String declarations, String text, boolean labelled) {
        StringBuilder printed = new StringBuilder(), claims = new StringBuilder();
        String[] lines = text.split("\n");
        int k = 0;
        for (int i = 0; i < lines.length; i++) {
            boolean formula = labelled ? !lines[i].startsWith("let ") : i == lines.length - 1;
            if (!formula) {
                printed.append(lines[i]).append('\n');
                continue;
            }
            String value = labelled ? lines[i].substring(lines[i].indexOf(" = ") + 3) : lines[i];
            printed.append("let d").append(k).append(" = ").append(value).append('\n');
            claims.append("claim c").append(k).append(": d").append(k).append(" = d").append(k).append('\n');
            k++;
        }
        CheckedProgram program = Checker.check(Parser.parse("declarations.pg", declarations)
                .plus(Parser.parse("printed.pg", printed.toString())).plus(Parser.parse("claims.pg", claims.toString())));
        return program.claims().stream().map(ClaimSpec::lhs).toList();
    }

    /** {@code node} at {theta, state, action}. */
    private static double[] evaluate(Node node, int parameters, double[][] point) {
        Tape tape = Program.compile(node, parameters).newTape();
        tape.forward(point[0], point[1], point[2], 0);
        double[] out = new double[node.shape().size()];
        tape.output(0, out);
        return out;
    }
}
