package ai.dataframer.beam.io.llm.batch;

/**
 * One request of a batch.
 *
 * @param customId the id the provider gives back with its result, unique in the batch
 * @param requestKey the request's {@code RequestKey}, what a resumed run finds it by
 * @param modelId the catalog model id, to decode the answer with
 * @param body the request body, byte for byte what the online call would send
 */
public record BatchLine(String customId, String requestKey, String modelId, String body) {
  public BatchLine {
    if (customId == null || requestKey == null || modelId == null || body == null) {
      throw new IllegalArgumentException("a batch line needs a custom id, key, model and body");
    }
  }
}
