/**
 * The model client stack: {@link ai.dataframer.beam.io.llm.LlmClients} builds a provider client and
 * wraps it in caching, concurrency limits, retries and metering, configured by {@link
 * ai.dataframer.beam.io.llm.LlmSettings}; in batch mode {@link
 * ai.dataframer.beam.io.llm.BatchingClient} sends the calls of providers with a batch API as
 * provider batches. Depends on core, on io.llm.http, io.llm.batch and the provider packages
 * (anthropic, openai, gemini, databricks), on io.store for the response cache files, and on Beam
 * filesystems and metrics; never on transforms or pipelines.
 */
package ai.dataframer.beam.io.llm;
