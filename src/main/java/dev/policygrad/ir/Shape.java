package dev.policygrad.ir;

/**
 * The shape of a value: a scalar (rank 0), a vector of {@code rows} elements (rank 1) or a
 * {@code rows x cols} matrix (rank 2), stored row-major. Scalars are the 1x1 case of the storage, so
 * {@code size()} is always {@code rows * cols}.
 */
public record Shape(int rank, int rows, int cols) {

    public static final Shape SCALAR = new Shape(0, 1, 1);

    public Shape {
        if (rank < 0 || rank > 2 || rows < 0 || cols < 0) throw new IllegalArgumentException("bad shape");
    }

    public static Shape vector(int n) {
        return new Shape(1, n, 1);
    }

    public static Shape matrix(int rows, int cols) {
        return new Shape(2, rows, cols);
    }

    /** The shape with the given dimensions (none, one or two). */
    public static Shape of(java.util.List<Integer> dims) {
        return switch (dims.size()) {
            case 0 -> SCALAR;
            case 1 -> vector(dims.get(0));
            case 2 -> matrix(dims.get(0), dims.get(1));
            default -> throw new IllegalArgumentException("at most 2 dimensions");
        };
    }

    public int size() {
        return rows * cols;
    }

    public boolean isScalar() {
        return rank == 0;
    }

    public boolean isVector() {
        return rank == 1;
    }

    public boolean isMatrix() {
        return rank == 2;
    }

    /** The shape of {@code x[i]}: a scalar from a vector, a row from a matrix. */
    public Shape element() {
        return rank == 2 ? vector(cols) : SCALAR;
    }

    /** As written in the language and in messages: {@code scalar}, {@code [4]}, {@code [2][4]}. */
    @Override
    public String toString() {
        return switch (rank) {
            case 0 -> "scalar";
            case 1 -> "[" + rows + "]";
            default -> "[" + rows + "][" + cols + "]";
        };
    }
}
