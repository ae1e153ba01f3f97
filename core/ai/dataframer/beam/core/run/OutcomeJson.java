package ai.dataframer.beam.core.run;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.plan.SamplePlan;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON written with outcomes: assigned property values of samples, plan and candidate of
 * failures.
 */
public final class OutcomeJson {
  /**
   * Failure payloads are kept whole up to this length, so one huge candidate cannot bloat a sink.
   */
  public static final int MAX_PAYLOAD_CHARS = 100_000;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private OutcomeJson() {}

  /** The plan's property values as a JSON object, keys in plan order. */
  public static String properties(SamplePlan plan) {
    return write(new LinkedHashMap<>(plan.propertyValues()));
  }

  /**
   * Property values written by {@link #properties}, keys in plan order.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of strings
   */
  public static Map<String, String> readProperties(String json) {
    try {
      return MAPPER.readValue(json, PROPERTY_VALUES);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "assigned property values must be a JSON object of strings, but were: " + json, e);
    }
  }

  private static final TypeReference<LinkedHashMap<String, String>> PROPERTY_VALUES =
      new TypeReference<>() {};

  /**
   * The failure record of a rejected sample: source is the run id, location "sample N", the reasons
   * joined with "; ", and the payload holds the plan and the last candidate.
   */
  public static Failure failure(SampleOutcome.Rejected rejected) {
    SamplePlan plan = rejected.plan();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plan", planJson(plan));
    payload.put("last_candidate", rejected.lastCandidate());
    String json = write(payload);
    if (json.length() > MAX_PAYLOAD_CHARS) {
      json = json.substring(0, MAX_PAYLOAD_CHARS) + "...(truncated)";
    }
    return new Failure(
        rejected.stage(),
        plan.runId(),
        "sample " + plan.index(),
        String.join("; ", rejected.reasons()),
        plan.sampleId(),
        rejected.attempts(),
        json);
  }

  private static Map<String, Object> planJson(SamplePlan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", plan.runId());
    json.put("index", plan.index());
    json.put("sample_id", plan.sampleId());
    json.put("property_values", new LinkedHashMap<>(plan.propertyValues()));
    json.put("example_indices", plan.exampleIndices());
    json.put("seed", plan.seed());
    return json;
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write outcome JSON", e);
    }
  }
}
