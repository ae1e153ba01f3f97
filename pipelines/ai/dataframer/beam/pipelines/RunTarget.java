package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.io.llm.LlmSettings;

/**
 * Where and how a run writes, beyond its RunCreate request: the command line's run options as
 * values.
 *
 * @param store spec and run store root
 * @param output records URI
 * @param randomSeed the user's seed, or null for a fresh one
 * @param numShards output files per sink, or null for one per 200,000 samples
 * @param maxAttempts attempts per sample before it fails
 * @param bigQueryWrite truncate or append
 * @param models the model clients' settings, or null when every stage is embedded
 * @param maxCostUsd per-worker spending cap, or null
 * @param maxInFlight samples in flight per DoFn instance with provider models
 * @param refillRounds rounds of fresh plans replacing failed samples (0: off)
 */
public record RunTarget(
    String store,
    String output,
    Long randomSeed,
    Integer numShards,
    int maxAttempts,
    String bigQueryWrite,
    LlmSettings models,
    Double maxCostUsd,
    int maxInFlight,
    int refillRounds) {}
