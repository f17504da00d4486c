package dev.policygrad.check;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each parameter lives in the one flat vector theta, and how it starts. Blocks are laid out
 * in declaration order, each row-major; a gradient has the same layout. Scalar names flatten as
 * {@code theta[0]}, {@code W[1][3]}, {@code k}.
 */
public final class ParameterLayout {

    /** How a block's initial values are made. */
    public sealed interface Init {
        /** Fixed values, row-major (a scalar given for a block is already broadcast). */
        record Values(double[] values) implements Init {}

        /** Independent draws from normal(mean, std). */
        record NormalDraw(double mean, double std) implements Init {}

        /** Independent draws from uniform(low, high). */
        record UniformDraw(double low, double high) implements Init {}
    }

    /** One declared parameter: its node (name, offset, shape) and how it starts. */
    public record Block(Node.Param node, Init init, Span span) {
        public String name() { return node.name(); }
        public int offset() { return node.offset(); }
        public Shape shape() { return node.shape(); }
        public int size() { return node.shape().size(); }
    }

    private final List<Block> blocks;
    private final int size;
    private final List<String> names;

    public ParameterLayout(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
        int total = 0;
        List<String> flat = new ArrayList<>();
        for (Block b : this.blocks) {
            if (b.offset() != total) throw new IllegalArgumentException("blocks must be contiguous");
            total += b.size();
            flat.addAll(flatNames(b.name(), b.shape()));
        }
        this.size = total;
        this.names = Collections.unmodifiableList(flat);
    }

    /** The scalar names of a block, row-major: {@code W[0][0], W[0][1], ...}. */
    public static List<String> flatNames(String name, Shape shape) {
        List<String> out = new ArrayList<>();
        switch (shape.rank()) {
            case 0 -> out.add(name);
            case 1 -> {
                for (int i = 0; i < shape.rows(); i++) out.add(name + "[" + i + "]");
            }
            default -> {
                for (int i = 0; i < shape.rows(); i++) {
                    for (int j = 0; j < shape.cols(); j++) out.add(name + "[" + i + "][" + j + "]");
                }
            }
        }
        return out;
    }

    /** The blocks as declared, {@code theta[2], W[2][4], b[2]} ({@code none} without parameters). */
    public String describe() {
        if (blocks.isEmpty()) return "none";
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (out.length() > 0) out.append(", ");
            out.append(b.name()).append(b.shape().rank() == 0 ? "" : b.shape().toString());
        }
        return out.toString();
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The number of scalar parameters. */
    public int size() {
        return size;
    }

    /** The flattened scalar names, in theta's order. */
    public List<String> names() {
        return names;
    }

    /** The block named {@code name}, or null. */
    public Block block(String name) {
        for (Block b : blocks) if (b.name().equals(name)) return b;
        return null;
    }

    /**
     * The initial theta. Fixed values are copied; draws come from a stream derived from
     * {@code seed} and the block's position, so adding a block does not change the others' draws.
     */
    public double[] initialValues(long seed) {
        double[] theta = new double[size];
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
            for (int i = 0; i < b.size(); i++) {
                theta[b.offset() + i] = draw(b.init(), i, random);
            }
        }
        return theta;
    }

    private static double draw(Init init, int i, SplittableRandom random) {
        if (init instanceof Init.Values v) return v.values()[i];
        if (init instanceof Init.NormalDraw n) return n.mean() + n.std() * random.nextGaussian();
        Init.UniformDraw u = (Init.UniformDraw) init;
        return u.low() + (u.high() - u.low()) * random.nextDouble();
    }
}
