package ai.dataframer.beam.io.report;

import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.ConformanceReport.DistributionAnalysis;
import ai.dataframer.beam.core.eval.Duplicates;
import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.eval.FidelityReport.ClosestRecordDistance;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.escape.Escaper;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.html.HtmlEscapers;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The evaluation of a run as one self-contained HTML page (docs/ARCHITECTURE.md section 9): the
 * headline numbers, a chart per property of requested, expected and observed distributions, column
 * shapes against the seed with a seed-versus-synthetic histogram per column and the pair-trend map,
 * document length and structure, the privacy and diversity tables and a few sample records. No
 * network, no JavaScript; charts are inline SVG ({@link ReportCharts}). Well-formed XHTML, so a
 * test (or any XML tool) can read it back.
 */
public final class EvaluationHtml {
  /** Sample records shown at the end of the page. */
  public static final int SAMPLE_RECORDS = 10;

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private EvaluationHtml() {}

  /** The page of {@code report}, under {@code title}. */
  public static String render(String title, EvaluationReport report) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n")
        .append("<head><meta charset=\"utf-8\"/><title>")
        .append(HTML.escape(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>")
        .append(HTML.escape(title))
        .append("</h1>\n");
    headline(page, report);
    conformance(page, report.conformance(), report.judge());
    FidelityReport fidelity = report.fidelity();
    if (fidelity != null) {
      fidelity(page, fidelity);
      privacy(page, fidelity);
    } else if (report.fidelityNote() != null) {
      page.append("<section id=\"fidelity\"><h2>Fidelity to the seed</h2><p>Not computed: ")
          .append(HTML.escape(report.fidelityNote()))
          .append(".</p></section>\n");
    }
    if (report.documents() != null) {
      documents(page, report.documents());
    }
    diversity(page, report.diversity());
    samples(page, report.shownRecords());
    return page.append("</body>\n</html>\n").toString();
  }

  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:90em}"
          + "figure.chart{display:inline-block;vertical-align:top;margin:.5em}"
          + "figcaption{font-size:.9em;color:#444}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
          + ".headline td{font-size:1.3em}";

  private static void headline(StringBuilder page, EvaluationReport report) {
    ConformanceReport conformance = report.conformance();
    FidelityReport fidelity = report.fidelity();
    page.append("<section id=\"headline\"><table class=\"headline\"><tr>");
    cell(page, "conformance", number(conformance.conformanceScore(), "%.1f"));
    if (fidelity != null) {
      cell(page, "column shapes", number(fidelity.meanColumnShape(), "%.3f"));
      cell(page, "pair trends", number(fidelity.meanPairTrend(), "%.3f"));
      cell(page, "exact copies of seed rows", String.valueOf(fidelity.exactCopies()));
    }
    if (report.documents() != null) {
      cell(page, "document shapes", number(report.documents().meanColumnShape(), "%.3f"));
    }
    cell(page, "duplicate samples", String.valueOf(report.diversity().exactDuplicates()));
    if (report.judge() != null) {
      cell(
          page,
          "evaluation model cost",
          String.format(Locale.ROOT, "$%.4f", report.judge().costUsd()));
    }
    page.append("</tr></table><p>")
        .append(HTML.escape(conformance.conformanceExplanation()))
        .append("</p></section>\n");
  }

  private static void cell(StringBuilder page, String label, String value) {
    page.append("<td><strong>")
        .append(HTML.escape(value))
        .append("</strong><br/>")
        .append(HTML.escape(label))
        .append("</td>");
  }

  private static void conformance(
      StringBuilder page, ConformanceReport report, EvaluationReport.@Nullable Judge judge) {
    page.append("<section id=\"conformance\"><h2>Properties: requested, expected, observed</h2>\n");
    if (judge != null) {
      page.append("<p>")
          .append(
              HTML.escape(
                  String.format(
                      Locale.ROOT,
                      "Unbound properties read by %s: %d samples classified, %d not, %d calls,"
                          + " $%.4f.",
                      judge.evaluationModel(),
                      judge.samplesClassified(),
                      judge.failures(),
                      judge.calls(),
                      judge.costUsd())))
          .append("</p>\n");
      list(page, "Samples not classified", judge.firstErrors());
    }
    list(page, "Conformant", report.conformantAreas());
    list(page, "Not conformant", report.nonConformantAreas());
    int chart = 0;
    for (DistributionAnalysis analysis : report.distributionAnalysis()) {
      page.append("<figure class=\"chart\">")
          .append(ReportCharts.distributions(analysis, "property-" + chart++))
          .append("<figcaption>")
          .append(HTML.escape(analysis.propertyName()))
          .append(": ")
          .append(analysis.totalSamplesAnalyzed())
          .append(" of ")
          .append(analysis.totalSamples())
          .append(" samples analysed</figcaption></figure>\n");
    }
    page.append("</section>\n");
  }

  private static void list(StringBuilder page, String heading, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    page.append("<h3>").append(HTML.escape(heading)).append("</h3><ul>");
    items.forEach(item -> page.append("<li>").append(HTML.escape(item)).append("</li>"));
    page.append("</ul>\n");
  }

  private static void fidelity(StringBuilder page, FidelityReport report) {
    page.append("<section id=\"fidelity\"><h2>Fidelity to the seed</h2>\n<figure class=\"chart\">")
        .append(ReportCharts.columnShapes(report.columnShapes(), "column-shapes"))
        .append("</figure>\n");
    histograms(page, report, "column");
    if (!report.pairTrends().isEmpty()) {
      page.append("<figure class=\"chart\" id=\"pair-trends\">")
          .append(ReportCharts.pairTrendMap(report.pairTrends(), "pair-trend-map"))
          .append("<figcaption>Pair trends: correlation similarity for two numbers, contingency")
          .append(" similarity otherwise</figcaption></figure>\n");
    }
    shapeTable(page, report);
    page.append("<table><tr><th>pair</th><th>metric</th><th>score</th></tr>");
    for (FidelityReport.PairTrend pair : report.pairTrends()) {
      row(
          page,
          pair.left() + " ~ " + pair.right(),
          pair.metric().name(),
          number(pair.score(), "%.3f"));
    }
    page.append("</table>");
    if (!report.excludedColumns().isEmpty()) {
      page.append("<table><tr><th>column left out</th><th>why</th></tr>");
      report.excludedColumns().forEach(column -> row(page, column.column(), column.reason()));
      page.append("</table>");
    }
    page.append("</section>\n");
  }

  private static void documents(StringBuilder page, FidelityReport report) {
    page.append("<section id=\"documents\"><h2>Documents: length and structure</h2>\n");
    histograms(page, report, "document");
    shapeTable(page, report);
    page.append("</section>\n");
  }

  /** A seed-versus-synthetic histogram per scored column, captioned with its shape score. */
  private static void histograms(StringBuilder page, FidelityReport report, String prefix) {
    for (int i = 0; i < report.histograms().size(); i++) {
      FidelityReport.ColumnHistogram histogram = report.histograms().get(i);
      FidelityReport.ColumnShape shape =
          report.columnShapes().stream()
              .filter(s -> s.column().equals(histogram.column()))
              .findFirst()
              .orElse(null);
      String id = prefix + "-histogram-" + i;
      page.append("<figure class=\"chart histogram\" id=\"")
          .append(id)
          .append("\">")
          .append(ReportCharts.histogram(histogram, histogram.column(), id + "-svg"))
          .append("<figcaption>")
          .append(HTML.escape(histogram.column()));
      if (shape != null) {
        page.append(": ")
            .append(shape.kind().name().toLowerCase(Locale.ROOT))
            .append(", shape ")
            .append(number(shape.score(), "%.3f"));
      }
      page.append("</figcaption></figure>\n");
    }
  }

  private static void shapeTable(StringBuilder page, FidelityReport report) {
    page.append("<table><tr><th>column</th><th>metric</th><th>score</th></tr>");
    for (FidelityReport.ColumnShape shape : report.columnShapes()) {
      row(page, shape.column(), shape.metric().name(), number(shape.score(), "%.3f"));
    }
    page.append("</table>\n");
  }

  private static void privacy(StringBuilder page, FidelityReport report) {
    page.append("<section id=\"privacy\"><h2>Privacy</h2><table>")
        .append("<tr><th>measure</th><th>synthetic vs seed</th><th>seed half vs half</th></tr>");
    ClosestRecordDistance dcr = report.distanceToClosestRecord();
    ClosestRecordDistance own = report.seedHalfToHalfDistance();
    row(
        page,
        "exact copies of seed rows",
        report.exactCopies()
            + String.format(Locale.ROOT, " (%.2f%%)", 100 * report.exactCopyRate()),
        "");
    row(
        page,
        "closest-record distance, median",
        number(dcr.median(), "%.3f"),
        own == null ? "" : number(own.median(), "%.3f"));
    row(
        page,
        "closest-record distance, 5th percentile",
        number(dcr.percentile5(), "%.3f"),
        own == null ? "" : number(own.percentile5(), "%.3f"));
    for (FidelityReport.CopiedKeys keys : report.copiedKeys()) {
      row(
          page,
          "key values copied from the seed: " + keys.column(),
          keys.seedCopies()
              + " of "
              + keys.values()
              + String.format(Locale.ROOT, " (%.2f%%)", 100 * keys.rate()),
          "");
    }
    page.append("</table></section>\n");
  }

  private static void diversity(StringBuilder page, Duplicates.Report report) {
    page.append("<section id=\"diversity\"><h2>Diversity</h2><table>")
        .append("<tr><th>measure</th><th>samples</th><th>share</th></tr>");
    row(
        page,
        "equal to an earlier sample",
        String.valueOf(report.exactDuplicates()),
        String.format(Locale.ROOT, "%.2f%%", 100 * report.exactDuplicateShare()));
    row(
        page,
        "text nearly repeating an earlier sample (of " + report.textsCompared() + " compared)",
        String.valueOf(report.nearDuplicates()),
        String.format(Locale.ROOT, "%.2f%%", 100 * report.nearDuplicateShare()));
    page.append("</table>");
    list(page, "Examples", report.examples());
    page.append("</section>\n");
  }

  private static void samples(StringBuilder page, List<Map<String, Object>> samples) {
    page.append("<section id=\"samples\"><h2>Sample records</h2>");
    List<Map<String, Object>> shown = samples.subList(0, Math.min(SAMPLE_RECORDS, samples.size()));
    if (!shown.isEmpty()) {
      page.append("<table><tr>");
      shown
          .get(0)
          .keySet()
          .forEach(c -> page.append("<th>").append(HTML.escape(c)).append("</th>"));
      page.append("</tr>");
      for (Map<String, Object> record : shown) {
        page.append("<tr>");
        record
            .values()
            .forEach(
                v ->
                    page.append("<td>")
                        .append(HTML.escape(Objects.toString(v, "")))
                        .append("</td>"));
        page.append("</tr>");
      }
      page.append("</table>");
    }
    page.append("</section>\n");
  }

  private static void row(StringBuilder page, String... cells) {
    page.append("<tr>");
    for (String cell : cells) {
      page.append("<td>").append(HTML.escape(cell)).append("</td>");
    }
    page.append("</tr>");
  }

  private static String number(Double value, String format) {
    return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
