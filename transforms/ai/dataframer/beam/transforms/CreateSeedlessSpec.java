package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.specgen.AnalystSettings;
import ai.dataframer.beam.core.specgen.SeedMaterial;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Creates a {@link Spec} from {@code generation_objectives} alone with an LLM analyst: no seeds, so
 * a document spec (no record fields). The embedded analyst cannot do this; the extrapolation
 * options do not apply. A spec that cannot be created fails the job with the reason.
 *
 * <pre>{@code
 * PCollection<Spec> spec = pipeline.apply(DataFramer.createSeedlessSpec(
 *     "anthropic/claude-opus-4-6-thinking", llmSettings, "Product reviews varying in sentiment and length"));
 * }</pre>
 */
public final class CreateSeedlessSpec extends PTransform<PBegin, PCollection<Spec>> {
  private final AnalystSettings settings;
  private final LlmSettings llm;
  private final String objectives;

  private CreateSeedlessSpec(AnalystSettings settings, LlmSettings llm, String objectives) {
    this.settings = settings;
    this.llm = llm;
    this.objectives = objectives;
  }

  static CreateSeedlessSpec create(String modelId, LlmSettings llm, String objectives) {
    CreateSpecWithModel.checkModel(modelId);
    checkArgument(llm != null, "LLM settings must not be null");
    checkArgument(
        objectives != null && !objectives.isBlank(),
        "a seedless spec needs generation_objectives, but they were '%s'",
        objectives);
    return new CreateSeedlessSpec(
        AnalystSettings.defaults(modelId).withExtrapolateValues(false), llm, objectives);
  }

  /**
   * Everything a seedless {@code SpecCreate} sets: the model, the objectives, the distribution
   * flags and the description. The request must be valid and seedless.
   */
  public CreateSeedlessSpec withRequest(SpecCreate request) {
    checkArgument(
        request != null && !request.isSeeded(),
        "withRequest() needs a seedless SpecCreate (without dataset_id); a seeded one is DataFramer.createSpecWithModel()");
    request.requireValid();
    CreateSpecWithModel.checkModel(request.specGenerationModelName());
    return new CreateSeedlessSpec(
        AnalystSettings.fromRequest(request), llm, request.generationObjectives());
  }

  /**
   * {@code generate_distributions} (default true): false gives uniform distributions, no
   * conditionals.
   */
  public CreateSeedlessSpec withGenerateDistributions(boolean generateDistributions) {
    return new CreateSeedlessSpec(
        settings.withGenerateDistributions(generateDistributions), llm, objectives);
  }

  /**
   * {@code generate_conditional_distributions} (default true); has effect only with distributions.
   */
  public CreateSeedlessSpec withGenerateConditionalDistributions(
      boolean generateConditionalDistributions) {
    return new CreateSeedlessSpec(
        settings.withGenerateConditionalDistributions(generateConditionalDistributions),
        llm,
        objectives);
  }

  /** The spec's description; by default the model's. */
  public CreateSeedlessSpec withDescription(String description) {
    checkArgument(
        description != null && !description.isBlank(),
        "description must be non-blank, but was '%s'",
        description);
    return new CreateSeedlessSpec(settings.withDescription(description), llm, objectives);
  }

  /** Tokens a {@code -thinking} model may think with. */
  public CreateSeedlessSpec withThinkingBudget(int tokens) {
    checkArgument(tokens >= 1024, "thinkingBudget must be >= 1024, but was %s", tokens);
    return new CreateSeedlessSpec(settings.withThinkingBudget(tokens), llm, objectives);
  }

  /** How often an answer that cannot be repaired is asked for again. */
  public CreateSeedlessSpec withMaxReasks(int reasks) {
    checkArgument(reasks >= 0, "maxReasks must be >= 0, but was %s", reasks);
    return new CreateSeedlessSpec(settings.withMaxReasks(reasks), llm, objectives);
  }

  @Override
  public void validate(PipelineOptions options) {
    super.validate(options);
    List<String> missing =
        LlmClients.missingConfiguration("spec_generation_model_name", settings.modelId(), llm);
    checkArgument(missing.isEmpty(), "cannot create the spec: %s", String.join("; ", missing));
  }

  @Override
  public PCollection<Spec> expand(PBegin input) {
    return input
        .apply("Objectives", Create.of(objectives).withCoder(StringUtf8Coder.of()))
        .apply(
            "NoSeeds",
            MapElements.into(TypeDescriptor.of(SeedMaterial.class)).via(SeedMaterial.Seedless::new))
        .setCoder(SerializableCoder.of(SeedMaterial.class))
        .apply("AskSpecModel", ParDo.of(new AskSpecModelFn(settings, llm)))
        .setCoder(SerializableCoder.of(Spec.class));
  }
}
