package ai.dataframer.beam.core.profile;

import java.io.Serializable;

/**
 * The {@code SpecCreate} options that shape an inferred spec, with the API's defaults.
 *
 * @param generateDistributions empirical base distributions; false gives uniform ones
 * @param generateConditionalDistributions child | parent distributions; only with distributions
 * @param extrapolateValues widen numeric ranges beyond the seed's (categories need an LLM)
 * @param description spec description; null to describe the seed profile instead
 * @param objectives generation objectives recorded in the requirements, or null
 */
public record InferenceSettings(
    boolean generateDistributions,
    boolean generateConditionalDistributions,
    boolean extrapolateValues,
    String description,
    String objectives)
    implements Serializable {

  /** The API defaults: distributions, conditionals and value extrapolation on. */
  public static InferenceSettings defaults() {
    return new InferenceSettings(true, true, true, null, null);
  }

  /**
   * Conditionals need distributions to condition (the API says "requires generate_distributions").
   */
  public boolean conditionalsEnabled() {
    return generateDistributions && generateConditionalDistributions;
  }

  public InferenceSettings withGenerateDistributions(boolean value) {
    return new InferenceSettings(
        value, generateConditionalDistributions, extrapolateValues, description, objectives);
  }

  public InferenceSettings withGenerateConditionalDistributions(boolean value) {
    return new InferenceSettings(
        generateDistributions, value, extrapolateValues, description, objectives);
  }

  public InferenceSettings withExtrapolateValues(boolean value) {
    return new InferenceSettings(
        generateDistributions, generateConditionalDistributions, value, description, objectives);
  }

  public InferenceSettings withDescription(String value) {
    return new InferenceSettings(
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        value,
        objectives);
  }

  public InferenceSettings withObjectives(String value) {
    return new InferenceSettings(
        generateDistributions,
        generateConditionalDistributions,
        extrapolateValues,
        description,
        value);
  }
}
