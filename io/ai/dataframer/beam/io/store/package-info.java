/**
 * The spec and run store: specs, their immutable versions and run manifests as files on any Beam
 * filesystem, with atomic rewrites. Depends on core (core.spec, core.run) and Beam filesystems;
 * never on transforms or pipelines.
 */
package ai.dataframer.beam.io.store;
