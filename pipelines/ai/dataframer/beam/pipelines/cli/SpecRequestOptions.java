package ai.dataframer.beam.pipelines.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Every {@code SpecCreate} field of the hosted API as a kebab-case option. */
public final class SpecRequestOptions {
  @Option(names = "--name", description = "Spec name, unique in the store.")
  String name;

  @Option(
      names = {"--dataset", "--dataset-id"},
      description =
          "Seed data: a .csv, .tsv, .parquet or .jsonl path or glob on any Beam filesystem.")
  String dataset;

  @Option(
      names = {"--objectives", "--generation-objectives"},
      description = "generation_objectives: what to generate (required when seedless).")
  String objectives;

  @Option(names = "--spec-generation-model-name", description = "Model that writes the spec.")
  String specGenerationModel;

  @Option(names = "--generate-distributions", arity = "1", description = "true | false.")
  Boolean generateDistributions;

  @Option(
      names = "--generate-conditional-distributions",
      arity = "1",
      description = "true | false.")
  Boolean generateConditionalDistributions;

  @Option(names = "--extrapolate-values", arity = "1", description = "true | false.")
  Boolean extrapolateValues;

  @Option(names = "--extrapolate-axes", arity = "1", description = "true | false.")
  Boolean extrapolateAxes;

  @Option(names = "--description", description = "What the spec is for.")
  String description;

  /** The options the user gave, as a snake_case SpecCreate body. */
  public Map<String, Object> toBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    RunRequestOptions.put(body, "name", name);
    RunRequestOptions.put(body, "dataset_id", dataset);
    RunRequestOptions.put(body, "generation_objectives", objectives);
    RunRequestOptions.put(body, "spec_generation_model_name", specGenerationModel);
    RunRequestOptions.put(body, "generate_distributions", generateDistributions);
    RunRequestOptions.put(
        body, "generate_conditional_distributions", generateConditionalDistributions);
    RunRequestOptions.put(body, "extrapolate_values", extrapolateValues);
    RunRequestOptions.put(body, "extrapolate_axes", extrapolateAxes);
    RunRequestOptions.put(body, "description", description);
    return body;
  }
}
