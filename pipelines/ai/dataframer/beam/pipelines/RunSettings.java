package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.RunCreate;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.sink.WriteMode;

/**
 * The values a run pipeline is built from, resolved and validated by the command before any
 * pipeline exists. Transforms receive these values, never the options object.
 *
 * @param runId deterministic run id (same request and seed, same id)
 * @param specId spec id written into every record
 * @param specVersion spec version written into every record
 * @param request the validated RunCreate request
 * @param randomSeed the run's random seed
 * @param output records URI ({@code parquet:PATH}, {@code jsonl:PATH}, {@code csv:PATH}, {@code
 *     bigquery:PROJECT:DATASET.TABLE})
 * @param numShards output files per sink
 * @param storeRoot the spec and run store (the run's summary and spec snapshot go there)
 * @param maxAttempts attempts per sample before it goes to the failure output
 * @param writeMode truncate (refresh) or append, for BigQuery outputs
 * @param models keys, base URLs, limits and cache of the model clients; null when every stage is
 *     embedded
 * @param maxCostUsd per-worker spending cap in USD, or null for none
 * @param maxInFlight samples in flight per DoFn instance with provider models
 * @param refillRounds rounds of fresh plans replacing failed samples (0: off)
 */
public record RunSettings(
    String runId,
    String specId,
    int specVersion,
    RunCreate request,
    long randomSeed,
    String output,
    int numShards,
    String storeRoot,
    int maxAttempts,
    WriteMode writeMode,
    LlmSettings models,
    Double maxCostUsd,
    int maxInFlight,
    int refillRounds) {}
