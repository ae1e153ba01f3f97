package ai.dataframer.beam.io.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import ai.dataframer.beam.core.eval.BoundObservations;
import ai.dataframer.beam.core.eval.ConformanceCounts;
import ai.dataframer.beam.core.eval.ConformanceFixture;
import ai.dataframer.beam.core.eval.ConformanceReport;
import ai.dataframer.beam.core.eval.Duplicates;
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
    return EvaluationHtml.render("Run run-1 of orders", conformance, fidelity, diversity, records);
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  public void everySectionAndChartIsThereAndThePageIsWellFormed() throws Exception {
    Document page = parse(page());
    Set<String> sections = new HashSet<>();
    NodeList nodes = page.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "section");
    for (int i = 0; i < nodes.getLength(); i++) {
      sections.add(((Element) nodes.item(i)).getAttribute("id"));
    }
    assertEquals(
        Set.of("headline", "conformance", "fidelity", "privacy", "diversity", "samples"), sections);
    NodeList charts = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
    // One per property (three) and the column shapes.
    assertEquals(4, charts.getLength());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < charts.getLength(); i++) {
      String id = ((Element) charts.item(i)).getAttribute("id");
      assertNotNull(id);
      ids.add(id);
    }
    assertEquals("chart ids are distinct", 4, ids.size());
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
