package ai.dataframer.beam.core.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The hosted API's evaluation object, as {@code evaluation.json} beside a run in the store
 * (docs/ARCHITECTURE.md section 9): id, run, status, model, times and, once SUCCEEDED, the
 * conformance fields at the top level under the API's names, then our sections {@code fidelity},
 * {@code privacy}, {@code diversity} and {@code documents}.
 *
 * @param evaluationModel the model that classified unbound properties, or null for none
 * @param headline the report's headline numbers in a line, or null unless SUCCEEDED
 * @param report what was found; null unless SUCCEEDED, and when read back from JSON
 */
public record Evaluation(
    String id,
    String runId,
    EvaluationStatus status,
    String evaluationModel,
    String createdAt,
    String completedAt,
    String errorMessage,
    String headline,
    EvaluationReport report)
    implements Serializable {

  public static final String FILE = "evaluation.json";

  /** The fields of a fidelity report that are about privacy, the JSON's own section. */
  private static final List<String> PRIVACY_FIELDS =
      List.of(
          "exact_copies",
          "exact_copy_rate",
          "copied_keys",
          "distance_to_closest_record",
          "seed_half_to_half_distance");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  public Evaluation {
    if (report != null) {
      headline = report.headline();
    }
  }

  public Evaluation withStatus(
      EvaluationStatus next, String completedAt, String errorMessage, EvaluationReport report) {
    return new Evaluation(
        id, runId, next, evaluationModel, createdAt, completedAt, errorMessage, null, report);
  }

  /** The evaluation object of {@code evaluation.json}: status, times and headline, no report. */
  public static Evaluation fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      return new Evaluation(
          text(root, "id"),
          text(root, "run_id"),
          EvaluationStatus.valueOf(text(root, "status")),
          text(root, "evaluation_model"),
          text(root, "created_at"),
          text(root, "completed_at"),
          text(root, "error_message"),
          text(root, "headline"),
          null);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not an evaluation object: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("run_id", runId);
    root.put("status", status.name());
    root.put("evaluation_model", evaluationModel);
    root.put("created_at", createdAt);
    root.put("completed_at", completedAt);
    root.put("error_message", errorMessage);
    root.put("headline", headline);
    if (report != null) {
      ObjectNode conformance = JSON.valueToTree(report.conformance());
      root.setAll(conformance);
      // The API classifies each sample's unbound properties with the evaluation model; bound ones
      // are read from the fields, so without a model there is nothing per sample to list.
      EvaluationReport.Judge judge = report.judge();
      root.set(
          "sample_classifications",
          JSON.valueToTree(judge == null ? List.of() : judge.sampleClassifications()));
      if (report.fidelity() != null) {
        ObjectNode fidelity = JSON.valueToTree(report.fidelity());
        ObjectNode privacy = root.objectNode();
        for (String field : PRIVACY_FIELDS) {
          privacy.set(field, fidelity.remove(field));
        }
        root.set("fidelity", fidelity);
        root.set("privacy", privacy);
      } else {
        root.putObject("fidelity").put("not_computed", report.fidelityNote());
      }
      root.set("diversity", JSON.valueToTree(report.diversity()));
      if (judge != null) {
        ObjectNode judging = JSON.valueToTree(judge);
        judging.remove("sample_classifications");
        root.set("evaluation_model_usage", judging);
      }
      if (report.documents() != null) {
        ObjectNode documents = JSON.valueToTree(report.documents());
        // Copies and distances of length-and-structure rows say nothing about the documents.
        documents.remove(PRIVACY_FIELDS);
        documents.remove("excluded_columns");
        root.set("documents", documents);
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write evaluation " + id + " as JSON", e);
    }
  }
}
