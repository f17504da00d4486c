package dev.policygrad.report;

import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.ad.Trace;
import dev.policygrad.ad.TraceText;
import dev.policygrad.prove.Claim;
import dev.policygrad.verify.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Report} as one self-contained HTML page: KaTeX inlined (script, style and fonts), the
 * graph as inline SVG laid out by {@link GraphLayout}, and a small script that typesets the formulas,
 * zooms and pans the graph, and steps the tape one instruction at a time (forward sweep, then
 * backward sweep). Opening the page with {@code #step=N} starts it N steps in.
 */
public final class ReportPage {

    private ReportPage() {}

    public static String render(Report r) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>policygrad: ")
                .append(esc(r.title())).append("</title>\n<style>").append(Katex.styleSheet()).append("</style>\n<style>")
                .append(STYLE).append("</style>\n<script>").append(Katex.script().replace("</script", "<\\/script"))
                .append("</script>\n</head><body>\n");
        h.append("<h1>").append(esc(r.title())).append("</h1>\n<p class=\"point\">at ").append(esc(r.point())).append("</p>\n");
        h.append("<details open><summary>Source</summary><pre>").append(esc(r.source())).append("</pre></details>\n");
        h.append("<h2>The policy and its score</h2>\n");
        if (!r.policyLatex().isEmpty()) tex(h, r.policyLatex());
        tex(h, r.logPiLatex());
        tex(h, r.gradientLatex());
        graph(h, r.trace());
        tape(h, r.trace());
        check(h, r.check());
        if (r.task() != null) task(h, r.task());
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void tex(StringBuilder h, String latex) {
        h.append("<div class=\"math\" data-tex=\"").append(esc(latex)).append("\">").append(esc(latex)).append("</div>\n");
    }

    private static void graph(StringBuilder h, Trace trace) {
        GraphLayout.Layout layout = GraphLayout.of(trace);
        h.append("<h2>The computation graph</h2>\n<p class=\"legend\"><span class=\"k-parameter\">parameter</span> "
                + "<span class=\"k-state\">state</span> <span class=\"k-action\">action</span> "
                + "<span class=\"k-constant\">constant</span> <span class=\"k-operation\">operation</span> "
                + "&nbsp; Edges say which operand they feed. Scroll to zoom, drag to pan. "
                + "<button id=\"zoom-in\">+</button><button id=\"zoom-out\">&minus;</button><button id=\"zoom-reset\">fit</button></p>\n");
        h.append(String.format(Locale.ROOT, "<svg id=\"graph\" viewBox=\"0 0 %.0f %.0f\" data-width=\"%.0f\" data-height=\"%.0f\">\n",
                layout.width(), layout.height(), layout.width(), layout.height()));
        h.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
        java.util.Map<String, GraphLayout.Box> at = new java.util.HashMap<>();
        for (GraphLayout.Box b : layout.boxes()) at.put(b.id(), b);
        int w = GraphLayout.NODE_WIDTH, ht = GraphLayout.NODE_HEIGHT;
        for (GraphLayout.Edge e : layout.edges()) {
            GraphLayout.Box from = at.get(e.from()), to = at.get(e.to());
            // operands enter the top of their node side by side, in order, so their labels do not collide
            double x1 = from.x() + w / 2.0, y1 = from.y() + ht, x2 = to.x() + w * (e.operand() + 1.0) / (e.arity() + 1), y2 = to.y();
            h.append(String.format(Locale.ROOT, "<path class=\"edge\" d=\"M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f\" marker-end=\"url(#arrow)\"/>",
                    x1, y1, x1, (y1 + y2) / 2, x2, (y1 + y2) / 2, x2, y2));
            if (!e.label().isEmpty()) {
                h.append(String.format(Locale.ROOT, "<text class=\"edge-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                        x2, y2 - 6, esc(e.label())));
            }
            h.append('\n');
        }
        for (GraphLayout.Box b : layout.boxes()) {
            h.append(String.format(Locale.ROOT, "<g class=\"node k-%s\" data-id=\"%s\" data-row=\"%d\" transform=\"translate(%.1f %.1f)\">",
                    b.kind(), esc(b.id()), b.row(), b.x(), b.y()));
            h.append("<rect width=\"").append(w).append("\" height=\"").append(ht).append("\" rx=\"")
                    .append(b.kind().equals("operation") ? 20 : 4).append("\"/>");
            h.append("<text x=\"8\" y=\"16\" class=\"title\">").append(esc(b.title())).append("</text>");
            h.append("<text x=\"8\" y=\"32\">v = ").append(esc(b.value())).append("</text>");
            if (!b.adjoint().isEmpty()) h.append("<text x=\"8\" y=\"47\">v&#772; = ").append(esc(b.adjoint())).append("</text>");
            h.append("</g>\n");
        }
        h.append("</svg>\n");
    }

    private static void tape(StringBuilder h, Trace trace) {
        h.append("<h2>The tape, one instruction at a time</h2>\n<p>The forward sweep computes each value from its inputs; "
                + "the backward sweep starts from v&#772; = 1 at the output and, row by row in reverse, adds "
                + "(local partial) &times; v&#772; to each input's adjoint. "
                + "<button id=\"step-back\">&larr; back</button><button id=\"step\">step &rarr;</button>"
                + "<button id=\"step-reset\">reset</button> <span id=\"phase\"></span></p>\n");
        h.append("<table id=\"tape\"><thead><tr><th>node</th><th>op</th><th>inputs</th><th>value v</th>"
                + "<th>local partials &part;v/&part;input</th><th>adjoint v&#772;</th><th>backward step</th></tr></thead><tbody>\n");
        for (Trace.Leaf leaf : trace.leaves()) {
            String id = leaf.kind().equals("constant") ? "const:" + leaf.register() : leaf.name();
            h.append("<tr class=\"leaf\" data-id=\"").append(esc(id)).append("\"><td>").append(esc(leaf.kind().equals("constant") ? "" : leaf.name()))
                    .append("</td><td>").append(leaf.kind()).append("</td><td></td><td class=\"v\">")
                    .append(esc(TraceText.numbers(leaf.value(), 6, 60))).append("</td><td></td><td class=\"adj leaf-adj\">")
                    .append(leaf.adjoint() == null ? "" : esc(TraceText.numbers(leaf.adjoint(), 6, 60))).append("</td><td></td></tr>\n");
        }
        for (Trace.Row row : trace.rows()) {
            h.append("<tr class=\"op\" id=\"row-").append(row.index()).append("\" data-id=\"%").append(row.index())
                    .append("\" data-row=\"").append(row.index()).append("\" data-back=\"").append(row.backwardStep())
                    .append("\"><td>%").append(row.index()).append("</td><td>").append(esc(row.op())).append("</td><td>")
                    .append(esc(String.join(", ", row.inputs()))).append("</td><td class=\"v\">")
                    .append(esc(TraceText.numbers(row.value(), 6, 60))).append("</td><td class=\"v\">")
                    .append(esc(partials(row))).append("</td><td class=\"adj\">")
                    .append(row.backwardStep() == 0 ? "0" : esc(TraceText.numbers(row.adjoint(), 6, 60))).append("</td><td>")
                    .append(row.backwardStep() == 0 ? "skipped" : row.backwardStep()).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        for (Trace.Row row : trace.rows()) {
            if (row.rerouted() != null) {
                h.append("<p>* %").append(row.index()).append(": the partials the sweep used, not &part;v/&part;input. ")
                        .append(esc(row.rerouted())).append("</p>\n");
            }
        }
    }

    private static String partials(Trace.Row row) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < row.inputs().size(); k++) {
            double[][] j = row.partials().get(k);
            if (j != null) parts.add(row.inputs().get(k) + ": " + TraceText.jacobian(j, 6, 60));
        }
        return String.join("; ", parts) + (row.rerouted() == null ? "" : " *");
    }

    private static void check(StringBuilder h, GradCheckReport check) {
        h.append("<h2>Four ways to the gradient</h2>\n<p>Reverse mode (the tape), the symbolic derivative evaluated, "
                + "forward mode (Commons Math DerivativeStructure) and 6th-order finite differences, at the point above and at ")
                .append(check.points().size() - 1).append(" random points. Verdict: <b>")
                .append(check.passed() ? (check.unreliable().isEmpty() ? "all four agree"
                        : "they agree, finite differences unreliable in places") : check.nothingChecked() != null ? "nothing checked" : "they disagree").append("</b> (")
                .append(esc(check.summary())).append(").</p>\n");
        GradCheckReport.PointResult first = check.points().get(0);
        boolean many = check.parameters().size() > 20;
        if (many) h.append("<details><summary>the ").append(check.parameters().size()).append(" partial derivatives at the point</summary>");
        h.append("<table class=\"check\"><thead><tr><th>parameter</th>");
        for (GradCheckReport.Outcome o : first.outcomes()) h.append("<th>").append(esc(o.method().label())).append("</th>");
        h.append("<th>worst relative difference</th><th>agreed</th></tr></thead><tbody>\n");
        for (GradCheckReport.ParameterResult p : check.parameters()) {
            h.append("<tr><td>").append(esc(p.name())).append("</td>");
            for (GradCheckReport.Outcome o : first.outcomes()) {
                h.append("<td>").append(o.failed() ? esc(o.error()) : esc(TraceText.number(o.gradient()[p.index()], 9))).append("</td>");
            }
            h.append("<td>").append(String.format(Locale.ROOT, "%.1e", p.worstRelativeError())).append("</td><td>")
                    .append(p.agreed() ? "yes" : "NO").append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        if (many) h.append("</details>\n");
    }

    private static void task(StringBuilder h, Report.Task t) {
        h.append("<h2>The task: ").append(esc(t.environment())).append("</h2>\n<p>J(&theta;) = <b>")
                .append(esc(TraceText.number(t.objective().J(), 8))).append("</b>")
                .append(t.objective().exact() ? "" : " &plusmn; " + esc(TraceText.number(t.objective().standardError(), 3)))
                .append(" by ").append(esc(t.objective().method())).append("</p>\n<table class=\"grad\"><thead><tr><th>parameter</th>"
                        + "<th>&part;J/&part;&theta;</th></tr></thead><tbody>");
        for (int i = 0; i < t.objective().names().size(); i++) {
            h.append("<tr><td>").append(esc(t.objective().names().get(i))).append("</td><td>")
                    .append(esc(TraceText.number(t.objective().gradient()[i], 8))).append("</td></tr>");
        }
        h.append("</tbody></table>\n");
        if (t.verification() != null) verification(h, t.verification());
        if (t.derivation() != null) {
            h.append("<h3>The derivation, step by step, on every trajectory</h3>\n<p>")
                    .append(t.derivation().trajectoryCount()).append(" trajectories enumerated; ")
                    .append(t.derivation().holds() ? "every claim holds" : t.derivation().failures().size() + " claims do not hold")
                    .append(".</p>\n<table class=\"proof\"><thead><tr><th>step</th><th>statement</th><th>|lhs &minus; rhs|</th>"
                            + "<th>tolerance</th><th>holds</th></tr></thead><tbody>\n");
            for (Claim c : t.derivation().claims()) {
                h.append("<tr><td>").append(esc(c.steps())).append("</td><td>").append(esc(c.statement())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1e", c.difference())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1e", c.tolerance())).append("</td><td>")
                        .append(c.holds() ? "yes" : "NO").append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        for (String note : t.notes()) h.append("<p class=\"note\">Note: ").append(esc(note)).append("</p>\n");
    }

    private static void verification(StringBuilder h, VerificationReport v) {
        h.append("<h3>Verifying the ").append(esc(v.estimator())).append(" estimator</h3>\n<p>")
                .append(v.episodes()).append(" episodes; verdict <b>").append(esc(v.verdict().toString().toLowerCase(Locale.ROOT)))
                .append("</b>: ").append(esc(v.reason())).append("</p>\n");
        double[] z = v.zScores();
        if (z == null) return;
        int n = z.length, barHeight = 18, width = 640, mid = 380, scale = 40;
        h.append(String.format(Locale.ROOT, "<svg id=\"zscores\" viewBox=\"0 0 %d %d\" width=\"%d\">", width, n * barHeight + 30, width));
        for (int k = -4; k <= 4; k += 2) {
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" class=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"axis\">%d</text>", mid + k * scale, mid + k * scale, n * barHeight,
                    k == 0 ? "zero" : "grid", mid + k * scale - 4, n * barHeight + 16, k));
        }
        for (int i = 0; i < n; i++) {
            double zi = Double.isNaN(z[i]) ? 0 : Math.max(-5, Math.min(5, z[i]));
            double x = zi >= 0 ? mid : mid + zi * scale;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\">%s</text><rect class=\"%s\" x=\"%.1f\" "
                    + "y=\"%d\" width=\"%.1f\" height=\"%d\"/>", 4, i * barHeight + 13, esc(v.parameters().get(i)),
                    Math.abs(zi) > 3 ? "zbar far" : "zbar", x, i * barHeight + 3, Math.abs(zi) * scale, barHeight - 6));
        }
        h.append("</svg>\n<p class=\"legend\">Per-parameter z-scores (estimate &minus; reference) / standard error of the difference (the estimate's, and the reference's where it is sampled); "
                + "an unbiased estimator keeps them near 0, mostly within &plusmn;2.</p>\n");
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#1f2933}
            h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
            pre{background:#f6f8fa;padding:.6em;overflow:auto}
            .math{margin:.6em 0;overflow-x:auto}
            #graph{width:100%;height:520px;border:1px solid #ccc;background:#fcfcfc;cursor:grab}
            .node rect{stroke:#555;stroke-width:1}.node text{font:11px monospace}.node .title{font-weight:bold}
            .k-parameter rect{fill:#dbeafe}.k-state rect{fill:#dcfce7}.k-action rect{fill:#fef3c7}
            .k-constant rect{fill:#f3f4f6;stroke-dasharray:3 2}.k-operation rect{fill:#fff}
            .node.current rect{stroke:#d97706;stroke-width:3}
            .edge{fill:none;stroke:#777;stroke-width:1.2}.edge-label{font:10px monospace;fill:#92400e}
            .legend span{padding:1px 6px;border:1px solid #999;margin-right:4px}
            span.k-parameter{background:#dbeafe}span.k-state{background:#dcfce7}span.k-action{background:#fef3c7}
            span.k-constant{background:#f3f4f6}span.k-operation{background:#fff}
            table{border-collapse:collapse;font:12px monospace;margin:.5em 0}
            td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
            #tape tr.current{background:#fde68a}.hidden{visibility:hidden}
            .zbar{fill:#60a5fa}.zbar.far{fill:#ef4444}.grid{stroke:#ddd}.zero{stroke:#333}.axis{font:11px monospace}
            .note{color:#7c2d12}button{margin-left:4px}
            """;

    private static final String SCRIPT = """
            (function(){
            document.querySelectorAll('[data-tex]').forEach(function(e){
              try { katex.render(e.getAttribute('data-tex'), e, {displayMode:true, throwOnError:false}); } catch (x) {}
            });
            var svg=document.getElementById('graph'), W=+svg.dataset.width, H=+svg.dataset.height, view=[0,0,W,H];
            function apply(){ svg.setAttribute('viewBox', view.join(' ')); }
            function zoom(f, cx, cy){ if(cx===undefined){cx=view[0]+view[2]/2; cy=view[1]+view[3]/2;}
              view=[cx-(cx-view[0])*f, cy-(cy-view[1])*f, view[2]*f, view[3]*f]; apply(); }
            svg.addEventListener('wheel', function(e){ e.preventDefault(); var r=svg.getBoundingClientRect();
              zoom(e.deltaY>0?1.15:1/1.15, view[0]+(e.clientX-r.left)/r.width*view[2], view[1]+(e.clientY-r.top)/r.height*view[3]); });
            var drag=null;
            svg.addEventListener('mousedown', function(e){ drag=[e.clientX,e.clientY]; });
            window.addEventListener('mouseup', function(){ drag=null; });
            window.addEventListener('mousemove', function(e){ if(!drag) return; var r=svg.getBoundingClientRect();
              view[0]-=(e.clientX-drag[0])/r.width*view[2]; view[1]-=(e.clientY-drag[1])/r.height*view[3]; drag=[e.clientX,e.clientY]; apply(); });
            document.getElementById('zoom-in').onclick=function(){ zoom(1/1.25); };
            document.getElementById('zoom-out').onclick=function(){ zoom(1.25); };
            document.getElementById('zoom-reset').onclick=function(){ view=[0,0,W,H]; apply(); };
            var rows=[].slice.call(document.querySelectorAll('#tape tr.op'));
            var back=rows.filter(function(r){ return +r.dataset.back>0; }).sort(function(a,b){ return a.dataset.back-b.dataset.back; });
            var F=rows.length, B=back.length, at=0;
            function show(){
              rows.forEach(function(r,i){
                r.querySelectorAll('td.v').forEach(function(c){ c.classList.toggle('hidden', i>=at); });
                var k=back.indexOf(r), seen=k>=0 && at-F>k;
                r.querySelector('td.adj').classList.toggle('hidden', !seen); r.classList.remove('current'); });
              document.querySelectorAll('td.leaf-adj').forEach(function(c){ c.classList.toggle('hidden', at<F+B); });
              document.querySelectorAll('#graph .node').forEach(function(n){ n.classList.remove('current'); });
              var cur=at===0?null:at<=F?rows[at-1]:back[at-F-1], phase=document.getElementById('phase');
              if(cur){ cur.classList.add('current');
                var node=document.querySelector('#graph .node[data-id="'+cur.dataset.id+'"]'); if(node) node.classList.add('current'); }
              phase.textContent=at===0?'before the forward sweep':at<=F?'forward sweep: instruction '+at+' of '+F
                :'backward sweep: step '+(at-F)+' of '+B;
            }
            document.getElementById('step').onclick=function(){ if(at<F+B){ at++; show(); } };
            document.getElementById('step-back').onclick=function(){ if(at>0){ at--; show(); } };
            document.getElementById('step-reset').onclick=function(){ at=0; show(); };
            var m=/step=(\\d+)/.exec(location.hash); at=m?Math.min(+m[1],F+B):0; show();
            document.body.setAttribute('data-ready','yes');
            })();
            """;
}
