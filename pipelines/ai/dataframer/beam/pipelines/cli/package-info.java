/**
 * The {@code dataframer} command line (picocli): {@link
 * ai.dataframer.beam.pipelines.cli.DataFramerCli}, the launcher's main class, its subcommands and
 * options, and the building of requests from them. Depends on the jobs in pipelines and on core and
 * io; nothing else depends on it.
 */
package ai.dataframer.beam.pipelines.cli;
