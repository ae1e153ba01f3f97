/**
 * Turning a sample plan into one accepted record or one failure: the embedded engine and the LLM
 * path (prompts, outline, draft, revisions, quality filters, strict answer parsing, cost budget)
 * behind one {@link ai.dataframer.beam.core.generate.SampleGenerator} interface. Plain Java:
 * depends on core.engine, core.llm, core.plan, core.request, core.seed, core.spec and core.tools;
 * model calls go through the {@link ai.dataframer.beam.core.llm.LlmClient} interface, never HTTP.
 */
package ai.dataframer.beam.core.generate;
