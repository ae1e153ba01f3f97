package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Models learned from all seed rows, the fallback when too few seed rows match a plan: quantile
 * functions of ordered fields, value pools of categorical strings and booleans, id shapes and
 * (lazily, as it is the costly one) Markov text models.
 */
final class SeedModels {
  private final List<Map<String, Object>> seeds;
  private final Map<String, QuantileFunction> quantiles = new HashMap<>();
  private final Map<String, List<Object>> values = new HashMap<>();
  private final Map<String, StringShape> shapes = new HashMap<>();
  private final Map<String, MarkovText> texts = new HashMap<>();

  SeedModels(Spec spec, List<Map<String, Object>> seeds) {
    this.seeds = seeds;
    for (RecordField field : spec.recordFields()) {
      if (field.type().isOrdered() && !field.quantiles().isEmpty()) {
        quantiles.put(field.name(), QuantileFunction.of(field.name(), field.quantiles()));
      }
      if (field.text() == null) {
        values.put(field.name(), nonNullValues(seeds, field));
      }
    }
  }

  static List<Object> nonNullValues(List<Map<String, Object>> rows, RecordField field) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Object value = row.get(field.name());
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  /** The field's quantile function, or null when the spec gives none. */
  QuantileFunction quantiles(RecordField field) {
    return quantiles.get(field.name());
  }

  /** Non-null seed values of a field that is not free text. */
  List<Object> values(RecordField field) {
    return values.get(field.name());
  }

  /**
   * True for a string field whose seed values repeat (at most half as many distinct values as
   * values): a category, drawn from the seed values, rather than an id to mimic.
   */
  boolean isCategorical(RecordField field) {
    List<Object> pool = values(field);
    return !pool.isEmpty() && new HashSet<>(pool).size() * 2 <= pool.size();
  }

  synchronized StringShape shape(RecordField field) {
    StringShape shape = shapes.get(field.name());
    if (shape == null) {
      List<String> strings = values(field).stream().map(Objects::toString).toList();
      shape = StringShape.learn(field.name(), strings);
      shapes.put(field.name(), shape);
    }
    return shape;
  }

  synchronized MarkovText text(RecordField field) {
    MarkovText model = texts.get(field.name());
    if (model == null) {
      model = MarkovText.train(field.name(), texts(seeds, field));
      texts.put(field.name(), model);
    }
    return model;
  }

  static List<String> texts(List<Map<String, Object>> rows, RecordField field) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (row.get(field.name()) instanceof String text && !text.isBlank()) {
        out.add(text);
      }
    }
    return out;
  }
}
