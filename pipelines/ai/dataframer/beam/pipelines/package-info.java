/**
 * The jobs: spec creation, a run of a stored spec, and both in one job, each a Beam pipeline built
 * from transforms, with the run object and summary kept in the store and a console progress bar.
 * Depends on core, io and transforms; never on pipelines.cli.
 */
package ai.dataframer.beam.pipelines;
