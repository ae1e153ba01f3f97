/**
 * What a provider batch API is to batch mode (docs/ARCHITECTURE.md section 7, "Batch mode"): submit
 * a batch of requests, poll it, read its results by custom id. The provider packages implement
 * {@link ai.dataframer.beam.io.llm.batch.BatchApi} with their own request encoders and response
 * decoders; {@code io.llm.BatchingClient} collects calls into batches. Depends on core and
 * io.llm.http only.
 */
package ai.dataframer.beam.io.llm.batch;
