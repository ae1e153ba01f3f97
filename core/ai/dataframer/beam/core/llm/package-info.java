/**
 * The provider-neutral chat model: requests, responses, usage, prices, retry policy, adaptive
 * limits and the {@link ai.dataframer.beam.core.llm.LlmClient} interface that io.llm implements.
 * Plain Java: depends on core.request only; no HTTP (the clients that speak HTTP live in io.llm).
 */
package ai.dataframer.beam.core.llm;
