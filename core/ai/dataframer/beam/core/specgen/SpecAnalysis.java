package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.List;

/**
 * A spec the LLM analyst created, with what it took.
 *
 * @param spec the validated spec
 * @param modelId the model that wrote it
 * @param usage tokens of every call, rejected answers included
 * @param calls model calls made (1 + re-asks)
 * @param repairs what was repaired in the accepted answer, one line each
 * @param rejectedAnswers why each earlier answer could not be used, in order
 */
public record SpecAnalysis(
    Spec spec,
    String modelId,
    Usage usage,
    int calls,
    List<String> repairs,
    List<String> rejectedAnswers)
    implements Serializable {
  public SpecAnalysis {
    repairs = List.copyOf(repairs);
    rejectedAnswers = List.copyOf(rejectedAnswers);
  }

  /** What the calls cost at {@code prices}. */
  public double costUsd(PriceTable prices) {
    return prices.cost(modelId, usage);
  }
}
