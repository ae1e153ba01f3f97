package ai.dataframer.beam.io.llm.batch;

/**
 * A submitted batch as its provider last reported it.
 *
 * @param batchId the provider's id
 * @param phase running, ended (results can be read) or failed as a whole
 * @param providerStatus the provider's own word for the state ({@code in_progress}, {@code ended},
 *     {@code expired}, ...)
 * @param resultsLocator where the results are (OpenAI: the output and error file ids), empty when
 *     the provider's results path follows from the batch id
 * @param failure why a failed batch failed, empty otherwise
 */
public record BatchState(
    String batchId, Phase phase, String providerStatus, String resultsLocator, String failure) {
  public enum Phase {
    RUNNING,
    ENDED,
    FAILED
  }

  public BatchState {
    resultsLocator = resultsLocator == null ? "" : resultsLocator;
    failure = failure == null ? "" : failure;
  }
}
