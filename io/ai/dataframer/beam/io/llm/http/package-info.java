/**
 * The HTTP plumbing every provider client shares: the asynchronous transport over java.net.http,
 * replies, endpoints (base URL and key) and the mapping of error replies to typed {@link
 * ai.dataframer.beam.core.llm.LlmException}s. Depends on core.llm only; the provider packages build
 * on it, and it knows none of them.
 */
package ai.dataframer.beam.io.llm.http;
