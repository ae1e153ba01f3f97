package ai.dataframer.beam.core.generate;

import ai.dataframer.beam.core.engine.ConformanceFilter;
import ai.dataframer.beam.core.engine.ConstraintFilter;
import ai.dataframer.beam.core.engine.StructuralFilter;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every sample of a generator shares: the spec, the settings, the prompts and the filters. */
final class GenerationContext {
  /** The one field of a document sample, as the sinks expect it. */
  static final String DOCUMENT_FIELD = "text";

  final Spec spec;
  final GenerationSettings settings;
  final RecordJson records;
  final PromptTemplates templates;
  final boolean seeded;
  final StructuralFilter structuralFilter;
  final ConstraintFilter constraintFilter;
  final ConformanceFilter conformanceFilter;

  /** Properties no record field is bound to: a judge reads them from the sample. */
  final List<PropertyVariation> unboundProperties;

  /**
   * @param seeds the seed rows a {@code determines} constraint is checked against; empty when none
   */
  GenerationContext(
      Spec spec, GenerationSettings settings, List<Map<String, Object>> seeds, boolean seeded) {
    this.spec = spec;
    this.settings = settings;
    this.records = new RecordJson(spec);
    this.templates = new PromptTemplates(spec, records, seeded);
    this.seeded = seeded;
    this.structuralFilter = new StructuralFilter(spec);
    this.constraintFilter = new ConstraintFilter(spec, seeds);
    this.conformanceFilter = new ConformanceFilter(spec);
    this.unboundProperties = SampleJudge.unboundProperties(spec);
  }

  boolean isRecordSpec() {
    return spec.isRecordSpec();
  }

  /** A document sample: a record with the one field {@value #DOCUMENT_FIELD}. */
  static Map<String, Object> document(String text) {
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put(DOCUMENT_FIELD, text);
    return sample;
  }

  /** A sample as prompts show it: a record's JSON, a document's text. */
  String render(Map<String, Object> sample) {
    if (isRecordSpec()) {
      return records.render(sample);
    }
    Object text = sample.get(DOCUMENT_FIELD);
    return text == null ? "" : text.toString();
  }

  /**
   * A seed example as prompts show it, escaped for its fence: records as JSON in field order,
   * documents as their text (a seed without a string {@value #DOCUMENT_FIELD} as sorted JSON).
   */
  String renderSeed(Map<String, Object> seed) {
    if (!isRecordSpec() && seed.get(DOCUMENT_FIELD) instanceof String text) {
      return Fences.escape(text);
    }
    return Fences.escape(records.render(seed));
  }
}
