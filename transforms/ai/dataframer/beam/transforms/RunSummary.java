package ai.dataframer.beam.transforms;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a run's pipeline produced, written once every sink has finished: the job turns it into the
 * run manifest, and decides from it whether the run succeeded.
 *
 * @param samplesCompleted accepted samples
 * @param samplesFailed samples that ended in the failure output
 * @param totalCost model cost in USD
 * @param tokenUsage tokens per stage
 * @param writtenFiles the files the sinks wrote (staged, for an atomic refresh), sorted
 * @param seed how the seed read
 * @param firstFailureReasons the first distinct reasons samples failed, "stage: reason"
 */
public record RunSummary(
    @JsonProperty("samples_completed") long samplesCompleted,
    @JsonProperty("samples_failed") long samplesFailed,
    @JsonProperty("total_cost") double totalCost,
    @JsonProperty("token_usage") Map<String, Map<String, Long>> tokenUsage,
    @JsonProperty("written_files") List<String> writtenFiles,
    @JsonProperty("seed") SeedTally seed,
    @JsonProperty("first_failure_reasons") List<String> firstFailureReasons)
    implements Serializable {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write a run summary: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not a run summary
   */
  public static RunSummary fromJson(String json, String source) {
    try {
      return JSON.readValue(json, RunSummary.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          source + " is not a run summary: " + e.getOriginalMessage(), e);
    }
  }
}
