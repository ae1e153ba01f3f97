package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Models learned from all seed rows, the fallback when too few seed rows match a plan: quantile
 * functions of ordered fields, value pools of strings and booleans, and (lazily, as they cost more)
 * string columns' kinds and models, key shapes and Markov text models.
 */
final class SeedModels {
  private final List<Map<String, Object>> seeds;
  private final Map<String, QuantileFunction> quantiles = new HashMap<>();
  private final Map<String, List<Object>> values = new HashMap<>();
  private final Map<String, StringShape> shapes = new HashMap<>();
  private final Map<String, StringColumn> strings = new HashMap<>();
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

  /** The kind and value counts of a string field that is neither free text nor a key. */
  synchronized StringColumn strings(RecordField field) {
    StringColumn column = strings.get(field.name());
    if (column == null) {
      List<String> texts = values(field).stream().map(Objects::toString).toList();
      column = StringColumn.learn(field.name(), texts);
      strings.put(field.name(), column);
    }
    return column;
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
