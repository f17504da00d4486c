package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Estimate files: both formats read the same rows; every bad input is an error at its line and column. */
class EstimateFileTest {

    static final List<String> NAMES = List.of("W[0][0]", "W[0][1]", "b");

    @Test
    void csvColumnsMayComeInAnyOrderAndJsonLinesGiveTheSameRows() {
        double[][] csv = EstimateFile.read("e.csv", "b,W[0][1],W[0][0]\n3,2,1\n-0.5,1e-3,7\n", NAMES);
        double[][] json = EstimateFile.read("e.jsonl", "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 2, \"b\": 3}}\n"
                + "{\"episode\": 1, \"gradient\": {\"b\": -0.5, \"W[0][0]\": 7, \"W[0][1]\": 0.001}}\n", NAMES);
        assertArrayEquals(new double[] {1, 2, 3}, csv[0]);
        assertArrayEquals(new double[] {7, 1e-3, -0.5}, csv[1]);
        assertEquals(2, json.length);
        for (int i = 0; i < 2; i++) assertArrayEquals(csv[i], json[i]);
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
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"b\": 3}}; e.csv:1:1; has no entry for parameter W[0][1]",
        "{\"episode\": 1, \"gradient\": {}}; e.csv:1:1; field \"episode\" must be 0",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": 1, \"b\": 3, \"bb\": 1}}; e.csv:1:1; \"bb\", which is not a parameter",
        "{\"episode\": 0, \"gradient\": {\"W[0][0]\": 1, \"W[0][1]\": \"1\", \"b\": 3}}; e.csv:1:1; must be a number",
    })
    void badInputIsAnErrorAtItsPlace(String text, String where, String message) {
        UsageError e = assertThrows(UsageError.class,
                () -> EstimateFile.read("e.csv", text.replace("\\n", "\n"), NAMES));
        assertEquals(where, e.span().where(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
