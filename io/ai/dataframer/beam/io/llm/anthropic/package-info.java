/**
 * The Anthropic Messages API client: request encoding, response decoding and errors. Depends on
 * core.llm, core.request and io.llm.http only; io.llm's LlmClients creates it.
 */
package ai.dataframer.beam.io.llm.anthropic;
