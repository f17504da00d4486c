package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Estimate files: both formats read the same rows; every bad input is an error at its line and column. */
class EstimateFileTest {

    static final List<String> NAMES = List.of("W[0][0]", "W[0][1]", "b");

    @Test
    void csvColumnsMayComeInAnyOrderAndJsonLinesGiveTheSameRows() {
        double[][] csv = EstimateFile.readAll("e.csv", "b,W[0][1],W[0][0]\n3,2,1\n-0.5,1e-3,7\n", NAMES);
        double[][] json = EstimateFile.readAll("e.jsonl", "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 2, \"b\": 3}}\n"
                + "{\"episode\": 1, \"gradient\": {\"b\": -0.5, \"W[0][0]\": 7, \"W[0][1]\": 0.001}}\n", NAMES);
        assertArrayEquals(new double[] {1, 2, 3}, csv[0]);
        assertArrayEquals(new double[] {7, 1e-3, -0.5}, csv[1]);
        assertEquals(2, json.length);
        for (int i = 0; i < 2; i++) assertArrayEquals(csv[i], json[i]);
    }

    @Test
    void aFileIsReadARowAtATime() {
        // a file of a million rows, generated as it is read: after each row, the reader has been asked for
        // at most a buffer's worth of lines beyond it, so memory does not grow with the file
        int total = 1_000_000;
        Lines source = new Lines("W[0][0],W[0][1],b", i -> i + "," + (-i) + ",0.5", total);
        try (EstimateFile in = EstimateFile.read("big.csv", source, NAMES)) {
            double[] row = new double[3];
            long sum = 0;
            while (in.next(row)) {
                sum += (long) row[0];
                assertTrue(source.produced - in.rows() <= 2048, source.produced + " lines produced at row " + in.rows());
            }
            assertEquals(total, in.rows());
            assertEquals((long) total * (total - 1) / 2, sum);
            assertArrayEquals(new double[] {total - 1, 1 - total, 0.5}, row);
        }
    }

    /** A text of a header and {@code count} generated lines, made as it is read; counts the lines handed out. */
    static final class Lines extends java.io.Reader {
        private final java.util.function.IntFunction<String> line;
        private final int count;
        private String current;
        private int position;
        int produced = -1;

        Lines(String header, java.util.function.IntFunction<String> line, int count) {
            this.line = line;
            this.count = count;
            this.current = header + "\n";
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (current == null) return -1;
            int n = 0;
            while (n < length && current != null) {
                int k = Math.min(length - n, current.length() - position);
                current.getChars(position, position + k, buffer, offset + n);
                n += k;
                position += k;
                if (position == current.length()) {
                    produced++;
                    position = 0;
                    current = produced < count ? line.apply(produced) + "\n" : null;
                }
            }
            return n;
        }

        @Override
        public void close() {}
    }

    /**
     * RFC 4180 lets any field be quoted, and spreadsheets and pandas quote numbers too: the row
     * {@code "0.5",1,2} was refused ("'"0.5"' is not a number") though quoted names were read.
     */
    @Test
    void quotedValuesAreReadAsQuotedNamesAre() {
        double[][] rows = EstimateFile.readAll("e.csv", "\"W[0][0]\",W[0][1],\"b\"\r\n\"0.5\",1,2\r\n"
                + " \"-1e-3\" , \" 4 \",\"+6.25\"\n", NAMES);
        assertEquals(2, rows.length);
        assertArrayEquals(new double[] {0.5, 1, 2}, rows[0]);
        assertArrayEquals(new double[] {-1e-3, 4, 6.25}, rows[1]);
    }

    /** A comma inside quotes is text, and "" inside quotes is one quote (RFC 4180, section 2, rules 6 and 7). */
    @Test
    void quotedFieldsKeepTheirCommasAndEscapedQuotes() {
        List<CsvFields.Field> fields = CsvFields.split("\"a,b\",\"say \"\"hi\"\"\",,\"\",x y ", "e.csv", 1);
        assertEquals(List.of("a,b", "say \"hi\"", "", "", "x y "), fields.stream().map(CsvFields.Field::value).toList());
        assertEquals(List.of(1, 7, 20, 21, 24), fields.stream().map(CsvFields.Field::column).toList());
        assertEquals(List.of(true, true, false, true, false), fields.stream().map(CsvFields.Field::quoted).toList());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', value = {
        "W[0][0],W[0][1]\\n1,2\\n; e.csv:1:1; the header has no column for parameter b",
        "W[0][0],W[0][1],b,c\\n1,2,3,4\\n; e.csv:1:19; column 'c' is not a parameter",
        "W[0][0],W[0][2],b\\n1,2,3\\n; e.csv:1:9; column 'W[0][2]' is not a parameter of the policy; did you mean 'W[0][0]'",
        "W[0][0],W[0][1],b,b\\n1,2,3,4\\n; e.csv:1:19; column 'b' appears twice",
        "W[0][0],W[0][1],b\\n1,2\\n; e.csv:2:1; this row has 2 values; the header has 3 columns",
        "W[0][0],W[0][1],b\\n1,NaN,3\\n; e.csv:2:3; W[0][1] is NaN; estimates must be finite",
        "W[0][0],W[0][1],b\\n1,2,Infinity\\n; e.csv:2:5; b is Infinity",
        "W[0][0],W[0][1],b\\n1,x2,3\\n; e.csv:2:3; 'x2' is not a number (column W[0][1])",
        // quoted, a value is still a number or an error at its place
        "W[0][0],W[0][1],b\\n1,\"x2\",3\\n; e.csv:2:3; 'x2' is not a number (column W[0][1])",
        "W[0][0],W[0][1],b\\n1,\"1,5\",3\\n; e.csv:2:3; '1,5' is not a number (column W[0][1])",
        "W[0][0],W[0][1],b\\n1,2,\"0.5\"\"\"\\n; e.csv:2:5; '0.5\"' is not a number (column b)",
        "W[0][0],W[0][1],b\\n1,\"NaN\",3\\n; e.csv:2:3; W[0][1] is NaN; estimates must be finite",
        "W[0][0],W[0][1],b\\n1,\"2,3\\n; e.csv:2:3; the quoted field that starts here has no closing '\"' on its line",
        "W[0][0],W[0][1],b\\n1,\"2\"3,4\\n; e.csv:2:6; text after the closing quote of a quoted field",
        "\"W[0][0],W[0][1],b\\n1,2,3\\n; e.csv:1:1; the quoted field that starts here has no closing",
        "\\n\\nW[0][0],W[0][1],b\\n\\n1,2,3\\n\\n1,2,3,4\\n; e.csv:7:1; this row has 4 values",
        "W[0][0],W[0][1],b\\n\\n; e.csv:1:1; the file has a header but no rows",
        " \\n\\n; e.csv:1:1; the file is empty",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3}}\\n{\"episode\": 1,; e.csv:2:15; not valid JSON",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"b\": 3}}; e.csv:1:1; has no entry for parameter W[0][1]",
        "{\"episode\": 1, \"gradient\": {}}; e.csv:1:1; field \"episode\" must be 0",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3, \"bb\": 1}}; e.csv:1:1; \"bb\", which is not a parameter",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": \"1\", \"b\": 3}}; e.csv:1:1; must be a number",
        // a repeated key and text after the object were once ignored: the last value of b read, the rest dropped
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3, \"b\": 4}}; e.csv:1:65; Duplicate field 'b'",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3}} {}; e.csv:1:66; text after the value",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3}}, 2; e.csv:1:65; Unexpected character (','",
        // the column is the offending character's or word's, not Jackson's one past it
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1,, \"b\": 3}}; e.csv:1:42; Unexpected character (','",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": one, \"b\": 3}}; e.csv:1:40; Unrecognized token 'one'",
    })
    void badInputIsAnErrorAtItsPlace(String text, String where, String message) {
        UsageError e = assertThrows(UsageError.class,
                () -> EstimateFile.readAll("e.csv", text.replace("\\n", "\n"), NAMES));
        assertEquals(where, e.span().where(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /**
     * Read from disk: a byte order mark before the header (spreadsheets write one) is not part of the first
     * column's name, which it once was ("column '\uFEFFW[0][0]' is not a parameter"); a byte that is not
     * UTF-8 is an error at its line and column, where it was "cannot read e.csv (line 1): Input length = 1",
     * the line where the decoder's buffer began.
     */
    @Test
    void aFileOnDiskMayStartWithAByteOrderMarkAndABadByteIsFoundWhereItIs(@TempDir Path dir) throws IOException {
        StringBuilder rows = new StringBuilder("W[0][0],W[0][1],b\n");
        for (int i = 0; i < 400; i++) rows.append(i).append(",1,2\n");
        byte[] text = rows.toString().getBytes(StandardCharsets.UTF_8);
        Path marked = dir.resolve("marked.csv");
        Files.write(marked, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text));
        try (EstimateFile in = EstimateFile.open(marked, NAMES)) {
            double[] row = new double[3];
            while (in.next(row)) continue;
            assertEquals(400, in.rows());
        }
        Path bad = dir.resolve("bad.csv");
        byte[] broken = text.clone();
        int line300 = rows.indexOf("299,1,2"); // line 301 of the file: the header, then rows 0..298
        broken[line300 + 4] = (byte) 0xFF;      // the 1 of "299,1,2", column 5
        Files.write(bad, broken);
        UsageError e = assertThrows(UsageError.class, () -> {
            try (EstimateFile in = EstimateFile.open(bad, NAMES)) {
                double[] row = new double[3];
                while (in.next(row)) continue;
            }
        });
        assertEquals(bad + ":301:5", e.span().where(), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8 text"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
