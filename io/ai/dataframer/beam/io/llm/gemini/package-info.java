/**
 * The Google Gemini generateContent client: request body, thinking settings, answers, tool call ids
 * and errors. Depends on core.llm, core.request and io.llm.http only; io.llm's LlmClients creates
 * it.
 */
package ai.dataframer.beam.io.llm.gemini;
