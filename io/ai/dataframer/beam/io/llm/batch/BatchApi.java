package ai.dataframer.beam.io.llm.batch;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.request.ModelProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's batch API. Futures fail with the provider's typed {@code LlmException}s, as online
 * calls do; nothing here retries.
 */
public interface BatchApi {
  ModelProvider provider();

  /** The provider's name in errors and journal records ("openai", "anthropic", "together"). */
  String providerName();

  /** Most requests the provider takes in one batch. */
  int maxRequests();

  /** Most bytes of request bodies to put in one batch (below the provider's size limit). */
  long maxBytes();

  /**
   * The body of {@code request}, exactly the online call's.
   *
   * @throws IllegalArgumentException when the request cannot be sent (as the online client)
   */
  String encode(ChatRequest request);

  /** Creates a batch of {@code lines}; completes with the provider's batch id. */
  CompletableFuture<String> submit(List<BatchLine> lines);

  /** The batch's state now. */
  CompletableFuture<BatchState> poll(String batchId);

  /**
   * The results of an ended batch by custom id. Lines the provider reports nothing for are left
   * out; the caller treats them as not run.
   *
   * @param modelIds the catalog model id of each custom id, to decode answers with
   */
  CompletableFuture<Map<String, LineResult>> results(
      BatchState ended, Map<String, String> modelIds);
}
