package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;

/** Test programs from text. */
public final class Programs {

    private Programs() {}

    public static CheckedProgram check(String text) {
        return Checker.check(Parser.parse("test.pg", text));
    }

    /** The finite MDP of the program's one mdp block. */
    public static FiniteMdp mdp(CheckedProgram program) {
        return (FiniteMdp) program.environment();
    }

    public static final String CORRIDOR_POLICY = """
            action a in {right, left}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            """;

    public static String corridor(String extraSettings) {
        return CORRIDOR_POLICY + """
                mdp short_corridor {
                  gamma 1
                  %s
                  start S1
                  terminal G
                  S1 right -> S2 reward -1
                  S1 left  -> S1 reward -1
                  S2 right -> S1 reward -1
                  S2 left  -> S3 reward -1
                  S3 right -> G  reward -1
                  S3 left  -> S2 reward -1
                }
                """.formatted(extraSettings);
    }

    public static final String NOISY_CHAIN = """
            state s[3]
            action a in {go, stay}
            param W[2][3] = [[0.3, -0.2, 0.5], [-0.1, 0.4, 0.2]]
            param b[2] = [0.1, -0.3]
            policy pi(a | s) = categorical(logits = W @ s + b)
            mdp noisy_chain {
              gamma 0.9
              horizon 6
              start {A: 0.7, B: 0.3}
              terminal T
              observe A = [1, 0, 0.5]
              observe B = [0, 1, -0.5]
              observe C = [1, 1, 0]
              A go   -> {B: 0.8, A: 0.2} reward 1
              A stay -> A reward 0
              B go   -> {C: 0.6, A: 0.4} reward -1
              B stay -> B reward 0.5
              C go   -> T reward 5
              C stay -> {C: 0.5, B: 0.5} reward 0
            }
            """;
}
