package ai.dataframer.beam.core.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the evaluation of a run found (docs/ARCHITECTURE.md section 9): the hosted API's conformance
 * analysis, and ours against the seed and among the samples.
 *
 * @param fidelity column shapes, pair trends and privacy against the seed records; null for runs of
 *     documents or without a seed, and {@code fidelityNote} says why
 * @param fidelityNote why fidelity was not computed, or null
 * @param diversity exact and near duplicates among the samples
 * @param documents length and structure of generated documents against the seed documents ({@link
 *     DocumentShape}), or null for record runs
 * @param shownRecords a few samples for a reader to look at (record columns only), by sample index
 * @param judge what the evaluation model did, or null when no model was asked
 */
public record EvaluationReport(
    ConformanceReport conformance,
    FidelityReport fidelity,
    String fidelityNote,
    Duplicates.Report diversity,
    FidelityReport documents,
    List<Map<String, Object>> shownRecords,
    Judge judge)
    implements Serializable {
  public EvaluationReport {
    shownRecords = List.copyOf(shownRecords);
  }

  /**
   * The evaluation model's work: the hosted API's {@code sample_classifications} and its cost.
   *
   * @param samplesClassified samples whose unbound properties the model read
   * @param failures samples it could not classify (a failed call, an unusable answer), not analysed
   * @param firstErrors the reasons of the first failures, by sample index
   * @param sampleClassifications per sample, the values read, at most {@value
   *     #MAX_CLASSIFICATIONS_LISTED} by sample index
   */
  public record Judge(
      String evaluationModel,
      long samplesClassified,
      long failures,
      long calls,
      double costUsd,
      List<String> firstErrors,
      List<SampleClassification> sampleClassifications)
      implements Serializable {
    public static final int MAX_CLASSIFICATIONS_LISTED = 1_000;

    public Judge {
      firstErrors = List.copyOf(firstErrors);
      sampleClassifications = List.copyOf(sampleClassifications);
    }
  }

  /** The hosted API's per-sample classification: property -> value read. */
  public record SampleClassification(String sampleIdentifier, Map<String, String> classifications)
      implements Serializable {}

  /** The headline a console shows: conformance, shapes, pairs, copies, duplicates. */
  public String headline() {
    StringBuilder out = new StringBuilder();
    Double score = conformance.conformanceScore();
    out.append(
        String.format(
            Locale.ROOT,
            "conformance %s",
            score == null
                ? "n/a (no property analysed)"
                : String.format(Locale.ROOT, "%.1f", score)));
    if (fidelity != null) {
      out.append(
          String.format(
              Locale.ROOT,
              ", column shapes %s, pair trends %s, exact copies of seed rows %d (%.2f%%)",
              number(fidelity.meanColumnShape()),
              number(fidelity.meanPairTrend()),
              fidelity.exactCopies(),
              100 * fidelity.exactCopyRate()));
    } else if (fidelityNote != null) {
      out.append(", fidelity not computed: ").append(fidelityNote);
    }
    if (documents != null) {
      out.append(
          String.format(Locale.ROOT, ", document shapes %s", number(documents.meanColumnShape())));
    }
    if (judge != null) {
      out.append(
          String.format(
              Locale.ROOT,
              ", judge %s: %d samples classified, %d not, $%.4f",
              judge.evaluationModel(),
              judge.samplesClassified(),
              judge.failures(),
              judge.costUsd()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            ", duplicate samples %d (%.2f%%)",
            diversity.exactDuplicates(),
            100 * diversity.exactDuplicateShare()));
    return out.toString();
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }
}
