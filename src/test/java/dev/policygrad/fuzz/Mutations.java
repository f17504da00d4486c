package dev.policygrad.fuzz;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.ad.GradCheck;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.policy.ScoreCheck;
import dev.policygrad.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Mutation fuzzing: programs from {@code examples/} and {@code proofs/}, mutated a few times each
 * (characters and lines deleted, duplicated or swapped; extreme numbers and tokens inserted;
 * numbers replaced), then run through what the commands do — parse, check, eval, score, derive
 * and a one-point gradient check. The only acceptable outcomes are success and a
 * {@link PolicygradException} (a located error for the user); anything else — an internal
 * exception, a stack overflow, running out of memory — is a finding.
 */
public final class Mutations {

    /** Tokens that have broken parsers and checkers before: extremes, deep nesting, big loops. */
    static final String[] TOKENS = {"1e999", "1e308", "-1e308", "1e-320", "0", "-0", "1e16", "2147483648",
        "99999999999", "(", ")", "[", "]", "{", "}", ",", "=", "@", "^", "/", "*", "-", "+", "..", "|", "~", "#",
        "let ", "def ", "param ", "state ", "action ", "policy ", "mdp ", "env ", "horizon ", "gamma ", "if ", "then ",
        "else ", "sum(i in 0..1000, ", "sum(i in 0..99999, ", "exp(", "log(", "softmax(", "log_softmax(",
        "logsumexp(", "sigmoid(", "max(", "min(", "outer(", "transpose(", "[1e16, 1e16]", "[0, 900]", "theta",
        "s", "a", "x", "W", "\n", " ", "\t", "\u00e9", "\"", "normal(", "categorical(", "bernoulli(", "0..2", ": real",
        "[100000]", "[7000][7000]", "std = 0", "p = 2", "reward 1e999", "-> {A: 1e-300, B: 1}"};

    private final List<String> corpus;

    public Mutations(List<String> corpus) {
        if (corpus.isEmpty()) throw new IllegalArgumentException("an empty corpus");
        this.corpus = corpus;
    }

    /** Every {@code .pg} file under {@code examples/} and {@code proofs/}, read from the project root. */
    public static Mutations fromProject(Path root) {
        List<String> texts = new ArrayList<>();
        for (String dir : List.of("examples", "proofs")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".pg")).sorted()::iterator) {
                    texts.add(Files.readString(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // a policy and its task live in separate files: also fuzz them joined
        List<String> joined = new ArrayList<>(texts);
        for (int i = 0; i + 1 < texts.size(); i++) joined.add(texts.get(i) + "\n" + texts.get(i + 1));
        return new Mutations(joined);
    }

    /** The mutated program for a seed. */
    public String program(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String text = corpus.get(random.nextInt(corpus.size()));
        int count = 1 + random.nextInt(4);
        for (int k = 0; k < count; k++) text = mutate(text, random);
        return text;
    }

    private static String mutate(String text, SplittableRandom random) {
        int n = text.length();
        int at = n == 0 ? 0 : random.nextInt(n + 1);
        switch (random.nextInt(7)) {
            case 0: { // delete a span
                int end = Math.min(n, at + 1 + random.nextInt(12));
                return text.substring(0, at) + text.substring(end);
            }
            case 1: { // duplicate a span
                int end = Math.min(n, at + 1 + random.nextInt(40));
                return text.substring(0, end) + text.substring(at, end) + text.substring(end);
            }
            case 2: // insert a token
                return text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
            case 3: { // replace a number with an extreme one
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) spans.add(new int[] {m.start(), m.end()});
                if (spans.isEmpty()) return text;
                int[] s = spans.get(random.nextInt(spans.size()));
                String[] extremes = {"1e308", "1e-308", "0", "1e16", "99999", "1e999", "3", "1000"};
                return text.substring(0, s[0]) + extremes[random.nextInt(extremes.length)] + text.substring(s[1]);
            }
            case 4: { // swap two lines
                String[] lines = text.split("\n", -1);
                if (lines.length < 2) return text;
                int i = random.nextInt(lines.length), j = random.nextInt(lines.length);
                String t = lines[i];
                lines[i] = lines[j];
                lines[j] = t;
                return String.join("\n", lines);
            }
            case 5: { // repeat a line many times
                String[] lines = text.split("\n", -1);
                String line = lines[random.nextInt(lines.length)];
                return text + ("\n" + line).repeat(1 + random.nextInt(200));
            }
            default: { // flip one character
                if (n == 0) return text;
                char c = (char) (32 + random.nextInt(95));
                int i = Math.min(at, n - 1);
                return text.substring(0, i) + c + text.substring(i + 1);
            }
        }
    }

    /**
     * Runs a program through parse, check, eval, score, derive and a one-point check. Returns
     * normally on success or a {@link PolicygradException}; anything else propagates.
     */
    public static void run(String text) {
        try {
            Workspace w = PolicyGrad.parse("fuzz.pg", text);
            if (w.program().policy() == null) return;
            Policy policy = w.policy();
            double[] state = new double[policy.stateSize()];
            java.util.Arrays.fill(state, 0.25);
            double[] action = new double[policy.actions().size()];
            java.util.Arrays.fill(action, policy.actions().isDiscrete() ? policy.actions().count() - 1 : 0.5);
            w.logPi(state, action);
            w.score(state, action);
            w.derivative().infix();
            if (w.theta().length <= 200) {
                ScoreCheck.run(policy, List.of(new GradCheck.Point(w.theta(), state, action)));
            }
        } catch (PolicygradException expected) {
            // a located error for the user: the wanted outcome for a broken program
        }
    }
}
