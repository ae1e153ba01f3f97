package ai.dataframer.beam.io.report;

import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.ConformanceReport.DistributionAnalysis;
import ai.dataframer.beam.core.eval.Duplicates;
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
 * shapes against the seed, the privacy and diversity tables and a few sample records. No network,
 * no JavaScript; charts are inline SVG ({@link ReportCharts}). Well-formed XHTML, so a test (or any
 * XML tool) can read it back.
 */
public final class EvaluationHtml {
  /** Sample records shown at the end of the page. */
  public static final int SAMPLE_RECORDS = 10;

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private EvaluationHtml() {}

  /**
   * @param fidelity the comparison with the seed, or null for a seedless run
   * @param diversity duplicates among the samples, or null when not computed
   * @param samples records to show, metadata columns left out; the first {@value #SAMPLE_RECORDS}
   */
  public static String render(
      String title,
      ConformanceReport conformance,
      @Nullable FidelityReport fidelity,
      Duplicates.@Nullable Report diversity,
      List<Map<String, Object>> samples) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n")
        .append("<head><meta charset=\"utf-8\"/><title>")
        .append(HTML.escape(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>")
        .append(HTML.escape(title))
        .append("</h1>\n");
    headline(page, conformance, fidelity, diversity);
    conformance(page, conformance);
    if (fidelity != null) {
      fidelity(page, fidelity);
      privacy(page, fidelity);
    }
    if (diversity != null) {
      diversity(page, diversity);
    }
    samples(page, samples);
    return page.append("</body>\n</html>\n").toString();
  }

  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:72em}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
          + ".headline td{font-size:1.3em}";

  private static void headline(
      StringBuilder page,
      ConformanceReport conformance,
      @Nullable FidelityReport fidelity,
      Duplicates.@Nullable Report diversity) {
    page.append("<section id=\"headline\"><table class=\"headline\"><tr>");
    cell(page, "conformance", number(conformance.conformanceScore(), "%.1f"));
    if (fidelity != null) {
      cell(page, "column shapes", number(fidelity.meanColumnShape(), "%.3f"));
      cell(page, "pair trends", number(fidelity.meanPairTrend(), "%.3f"));
      cell(page, "exact copies of seed rows", String.valueOf(fidelity.exactCopies()));
    }
    if (diversity != null) {
      cell(page, "duplicate samples", String.valueOf(diversity.exactDuplicates()));
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

  private static void conformance(StringBuilder page, ConformanceReport report) {
    page.append("<section id=\"conformance\"><h2>Properties: requested, expected, observed</h2>\n");
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
        .append("</figure>\n<table><tr><th>column</th><th>metric</th><th>score</th></tr>");
    for (FidelityReport.ColumnShape shape : report.columnShapes()) {
      row(page, shape.column(), shape.metric().name(), number(shape.score(), "%.3f"));
    }
    page.append("</table>\n<table><tr><th>pair</th><th>metric</th><th>score</th></tr>");
    for (FidelityReport.PairTrend pair : report.pairTrends()) {
      row(
          page,
          pair.left() + " ~ " + pair.right(),
          pair.metric().name(),
          number(pair.score(), "%.3f"));
    }
    page.append("</table></section>\n");
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
        "text nearly repeating an earlier sample",
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
