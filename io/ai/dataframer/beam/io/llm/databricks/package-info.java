/**
 * The Databricks model serving client: OpenAI chat completions behind OAuth machine-to-machine
 * tokens of a service principal. Depends on core.llm, core.request, io.llm.http and io.llm.openai
 * only; io.llm's LlmClients creates it.
 */
package ai.dataframer.beam.io.llm.databricks;
