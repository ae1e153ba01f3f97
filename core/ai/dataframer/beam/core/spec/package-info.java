/**
 * The spec model (properties, distributions, record fields), its canonical YAML form and its
 * validation, compatible with the hosted service's spec content. Plain Java: the bottom of core,
 * depends on no other package of this project.
 */
package ai.dataframer.beam.core.spec;
