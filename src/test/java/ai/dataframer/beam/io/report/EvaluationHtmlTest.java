package ai.dataframer.beam.io.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.BoundObservations;
import ai.dataframer.beam.core.eval.ConformanceCounts;
import ai.dataframer.beam.core.eval.ConformanceFixture;
import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.DocumentShape;
import ai.dataframer.beam.core.eval.Duplicates;
import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.spec.FieldType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class EvaluationHtmlTest {
  private static String page() {
    BoundObservations observations = new BoundObservations(ConformanceFixture.SPEC);
    ConformanceCounts counts = ConformanceCounts.empty();
    List<Map<String, Object>> records = new ArrayList<>();
    List<Map<String, String>> assigned = ConformanceFixture.assigned();
    for (int i = 0; i < assigned.size(); i++) {
      Map<String, Object> record = ConformanceFixture.record(i, assigned.get(i));
      counts.add(assigned.get(i), observations.observe(record));
      records.add(record);
    }
    records.get(0).put("note", "<b>bold & \"quoted\"</b>");
    ConformanceReport conformance =
        ConformanceReport.of(ConformanceFixture.SPEC, counts, "no evaluation_model was given");
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("region", FieldType.STRING);
    types.put("size", FieldType.DOUBLE);
    FidelityReport fidelity = Fidelity.defaults().evaluate(types, records, records);
    Duplicates.Report diversity = Duplicates.of(records, List.of("note"));
    return EvaluationHtml.render(
        "Run run-1 of orders",
        new EvaluationReport(conformance, fidelity, null, diversity, null, records, null));
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static Set<String> ids(Document page, String namespace, String tag) {
    Set<String> ids = new HashSet<>();
    NodeList nodes = page.getElementsByTagNameNS(namespace, tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      ids.add(((Element) nodes.item(i)).getAttribute("id"));
    }
    return ids;
  }

  private static final String XHTML = "http://www.w3.org/1999/xhtml";
  private static final String SVG = "http://www.w3.org/2000/svg";

  @Test
  public void everySectionAndChartIsThereAndThePageIsWellFormed() throws Exception {
    Document page = parse(page());
    assertEquals(
        Set.of("headline", "conformance", "fidelity", "privacy", "diversity", "samples"),
        ids(page, XHTML, "section"));
    // A histogram per scored column and the pair-trend map, each in its own figure.
    assertEquals(
        Set.of("", "column-histogram-0", "column-histogram-1", "pair-trends"),
        ids(page, XHTML, "figure"));
    NodeList charts = page.getElementsByTagNameNS(SVG, "svg");
    // One per property (three), the column shapes, two histograms and the pair-trend map.
    assertEquals(7, charts.getLength());
    assertEquals("chart ids are distinct", 7, ids(page, SVG, "svg").size());
    String html = page();
    assertThat(html, containsString("region: categorical, shape 1.000"));
    assertThat(html, containsString("size: numeric, shape 1.000"));
  }

  @Test
  public void documentsTheJudgeAndCopiedKeysHaveTheirPlace() throws Exception {
    List<Map<String, Object>> letters = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      letters.add(DocumentShape.of("# Letter " + i + "\n\nDear shop,\n\n- item " + i));
    }
    FidelityReport documents =
        Fidelity.defaults().evaluate(DocumentShape.COLUMNS, letters, letters);
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("order_id", FieldType.STRING);
    types.put("amount", FieldType.DOUBLE);
    List<Map<String, Object>> seed = new ArrayList<>();
    // More distinct ids than categories a column may have: an id-like key column.
    for (int i = 0; i < 40; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("order_id", "O-" + i);
      record.put("amount", (double) i);
      seed.add(record);
    }
    FidelityReport fidelity = Fidelity.defaults().evaluate(types, seed, seed.subList(0, 10));
    EvaluationReport.Judge judge =
        new EvaluationReport.Judge(
            "anthropic/claude-haiku-4-5",
            9,
            1,
            11,
            0.0123,
            List.of("sample 4: the call failed: HTTP 529"),
            List.of());
    ConformanceReport conformance =
        ConformanceReport.of(ConformanceFixture.SPEC, ConformanceCounts.empty(), null);
    String html =
        EvaluationHtml.render(
            "Run of letters",
            new EvaluationReport(
                conformance,
                fidelity,
                null,
                Duplicates.of(letters, List.of()),
                documents,
                letters,
                judge));
    Document page = parse(html);
    assertThat(ids(page, XHTML, "section"), hasItem("documents"));
    assertThat(ids(page, XHTML, "figure"), hasItem("document-histogram-4"));
    assertThat(html, containsString("key values copied from the seed: order_id</td><td>10 of 10"));
    assertThat(
        html,
        containsString(
            "Unbound properties read by anthropic/claude-haiku-4-5: 9 samples classified, 1 not,"
                + " 11 calls, $0.0123."));
    assertThat(html, containsString("sample 4: the call failed: HTTP 529"));
    assertThat(html, containsString("<strong>$0.0123</strong><br/>evaluation model cost"));
  }

  @Test
  public void theHeadlineAndTextsAreEscapedAndNothingNeedsTheNetwork() {
    String html = page();
    assertThat(html, containsString("<strong>95.0</strong><br/>conformance"));
    assertThat(html, containsString("&lt;b&gt;bold &amp; &quot;quoted&quot;&lt;/b&gt;"));
    assertThat(html, containsString("not analysed: tone (no evaluation_model was given)"));
    assertThat(html, not(containsString("<script")));
    assertThat(html, not(containsString("http://cdn")));
    assertThat(html, not(containsString("https://")));
  }
}
