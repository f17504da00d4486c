package dev.policygrad.cli;

/** Left-aligned text columns, two spaces apart, the first row a header. */
final class Columns {

    private Columns() {}

    static String render(String[][] rows) {
        int columns = 0;
        for (String[] row : rows) columns = Math.max(columns, row.length);
        int[] width = new int[columns];
        for (String[] row : rows) for (int k = 0; k < row.length; k++) width[k] = Math.max(width[k], row[k].length());
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int k = 0; k < row.length; k++) {
                line.append(row[k]);
                if (k < row.length - 1) line.append(" ".repeat(width[k] - row[k].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
