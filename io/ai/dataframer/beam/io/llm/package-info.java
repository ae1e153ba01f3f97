/**
 * The model client stack: {@link ai.dataframer.beam.io.llm.LlmClients} builds a provider client and
 * wraps it in caching, concurrency limits, retries and metering, configured by {@link
 * ai.dataframer.beam.io.llm.LlmSettings}. Depends on core, on io.llm.http and the provider packages
 * (anthropic, openai, gemini, databricks), on io.store for the response cache files, and on Beam
 * filesystems and metrics; never on transforms or pipelines.
 */
package ai.dataframer.beam.io.llm;
