/**
 * Tools a model may call during generation: the {@code calculator}, a safe arithmetic evaluator
 * with its own parser, never code execution. Plain Java: depends on no other package of this
 * project.
 */
package ai.dataframer.beam.core.tools;
