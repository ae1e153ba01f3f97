/**
 * The LLM analyst: writes a spec from the seeds' profile and a token-bounded, fenced sample of
 * records or documents (or from objectives alone), then repairs the answer into a valid spec. Plain
 * Java: depends on core.llm, core.profile, core.request and core.spec; model calls go through the
 * {@link ai.dataframer.beam.core.llm.LlmClient} interface.
 */
package ai.dataframer.beam.core.specgen;
