package dev.policygrad.policy;

import dev.policygrad.diag.UsageError;
import dev.policygrad.render.Text;
import java.util.List;

/**
 * log pi(a | s) and the score d log pi(a | s) / d theta at one point, with the flattened parameter
 * names in theta's order.
 */
public record Score(double logPi, double[] gradient, List<String> names) {

    public Score {
        gradient = gradient.clone();
        names = List.copyOf(names);
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** The derivative with respect to one flattened parameter, e.g. {@code "W[1][3]"}. */
    public double gradient(String name) {
        int i = names.indexOf(name);
        if (i < 0) throw new UsageError("no parameter '" + name + "'; the parameters are " + String.join(", ", names));
        return gradient[i];
    }

    /** The same lines {@code policygrad score} prints. */
    @Override
    public String toString() {
        return "log pi = " + Text.number(logPi) + "   (pi = " + Text.exp(logPi) + ")\n"
                + "d log pi / d theta:\n" + Text.table(names, gradient);
    }
}
