/**
 * The hosted API's request bodies, SpecCreate and RunCreate: strict JSON parsing, defaults, limits,
 * the model catalog and the resolution of models and keys against the environment. Plain Java:
 * depends on core.spec and core.plan only.
 */
package ai.dataframer.beam.core.request;
