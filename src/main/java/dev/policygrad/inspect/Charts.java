package dev.policygrad.inspect;

import dev.policygrad.diag.UsageError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** An XChart chart encoded by the file name's extension: PNG for .png, SVG for .svg. */
public final class Charts {

    private Charts() {}

    public static byte[] encode(Chart<?, ?> chart, String fileName, String option) throws IOException {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        if (lower.endsWith(".svg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toByteArray();
        }
        throw new UsageError(option + " writes .png or .svg files, got " + fileName);
    }
}
