package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.spec.ConditionalDistribution;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecValidationException;
import ai.dataframer.beam.core.spec.SpecValidator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a model's answer into a valid spec, repairing what can be repaired and noting each repair:
 *
 * <ul>
 *   <li>Names: nameless properties are dropped, a repeated name keeps its first property.
 *   <li>Values: trimmed; empty and repeated ones dropped; a property left without values is
 *       dropped.
 *   <li>Distributions ({@link Distributions#repair}): unknown values dropped, invalid percentages
 *       counted as 0, missing ones share the rest, sums scaled to 100, nothing usable means
 *       uniform. With {@code generate_distributions} false every distribution is uniform and there
 *       are no conditionals; with {@code generate_conditional_distributions} false no conditionals.
 *   <li>Conditionals: dropped when the parent is not a property (or is the property itself); rows
 *       for values the parent does not have are dropped, and a parent value without a row gets the
 *       child's base distribution (knowing nothing of that parent value, the marginal is the best
 *       guess); a cycle of parents loses the conditional of its member listed last.
 * </ul>
 *
 * <p><b>Record seeds: binding rule.</b> The record fields are the embedded analyst's (types, nulls,
 * quantiles and text lengths from the statistical profile, which stays the source of truth). A
 * property <em>targets</em> a field when its name is the field's name, or the name of the band
 * property the embedded analyst bound the field to ({@code price_band}); names are compared exactly
 * first, then ignoring case and treating spaces and hyphens as underscores, in which case the
 * property is renamed to the field's spelling. A targeted property is bound to its field when its
 * values can be the field's values:
 *
 * <ul>
 *   <li>a categorical column (one the embedded analyst made a property: booleans, strings and small
 *       integer sets): values are matched to the seed's spelling (ignoring case for text, by value
 *       for numbers); with {@code extrapolate_values} false, values the seed does not have are
 *       dropped;
 *   <li>an ordered column: values that parse as the type (exact values or ranges {@code lo..hi})
 *       are kept if they lie within the field's quantile range (the seed range, widened when {@code
 *       extrapolate_values} is true), the others dropped; if none parse, the property is a
 *       descriptive axis and stays unbound;
 *   <li>free text and identifier strings are never bound: a property of them describes them;
 * </ul>
 *
 * and {@code null} is a value only of columns with nulls. Fields no property binds are unbound and
 * generated from their profile. With {@code extrapolate_axes} false a property that targets no
 * field is dropped; with it true it is kept as a new, unbound axis. Document and seedless specs
 * have no fields, and the extrapolation flags shape only the prompt.
 *
 * <p>What cannot be repaired (no usable property left, or a spec the validator still refuses)
 * throws {@link UnusableAnswerException} with the reason, for the model to answer again.
 */
final class SpecRepair {

  record Result(Spec spec, List<String> repairs) {}

  private final SeedMaterial material;
  private final AnalystSettings settings;
  private final List<String> notes = new ArrayList<>();

  private SpecRepair(SeedMaterial material, AnalystSettings settings) {
    this.material = material;
    this.settings = settings;
  }

  /** A mutable property while it is repaired. */
  private static final class Draft {
    String name;
    List<String> values = new ArrayList<>();

    /** Spelling in the answer -> spelling in the spec, or null for a dropped value. */
    final Map<String, String> spelling = new HashMap<>();

    Map<String, Double> base;
    SpecDraft.Conditional conditional;
    Target target;
    boolean bound;
    Map<String, Double> repairedBase;
    ConditionalDistribution repairedConditional;
  }

  /**
   * A field a property can bind to.
   *
   * @param name the property name that targets it (the field's, or its band property's)
   * @param field the statistical record field
   * @param seedValues the embedded analyst's values when the column is categorical, else null
   * @param hasNulls whether the column has nulls
   */
  private record Target(
      String name, RecordField field, List<String> seedValues, boolean hasNulls) {}

  /**
   * @param subject names the answer in the validator's message, e.g. "the spec from model m"
   */
  static Result repair(
      SpecDraft answer, SeedMaterial material, AnalystSettings settings, String subject) {
    return new SpecRepair(material, settings).run(answer, subject);
  }

  private Result run(SpecDraft answer, String subject) {
    List<Draft> drafts = named(answer.properties());
    Map<String, String> renamed =
        material instanceof SeedMaterial.Records records ? target(drafts, records) : Map.of();
    for (Draft draft : drafts) {
      if (draft.conditional != null && draft.conditional.parent() != null) {
        String parent = draft.conditional.parent().strip();
        draft.conditional =
            new SpecDraft.Conditional(
                renamed.getOrDefault(parent, parent), draft.conditional.byParentValue());
      }
      cleanValues(draft);
      if (draft.target != null) {
        bindValues(draft);
      }
    }
    List<Draft> kept = new ArrayList<>();
    for (Draft draft : drafts) {
      if (draft.values.isEmpty()) {
        notes.add("property '" + draft.name + "' has no usable values: dropped");
      } else if (material instanceof SeedMaterial.Records records
          // In sample folders each column is a whole file: what varies is in the files' text,
          // as for documents, so a property need not be a column.
          && records.files() == null
          && draft.target == null
          && !settings.extrapolateAxes()) {
        notes.add(
            "property '"
                + draft.name
                + "' is not a seed column, and extrapolate_axes is false: dropped");
      } else {
        kept.add(draft);
      }
    }
    if (kept.isEmpty()) {
      throw new UnusableAnswerException(
          "no usable property is left after repair: " + String.join("; ", notes));
    }
    kept.forEach(this::repairBase);
    Map<String, Draft> byName = new LinkedHashMap<>();
    kept.forEach(d -> byName.put(d.name, d));
    kept.forEach(d -> repairConditional(d, byName));
    breakCycles(kept);

    List<PropertyVariation> properties = new ArrayList<>();
    for (Draft draft : kept) {
      properties.add(
          new PropertyVariation(
              draft.name,
              List.copyOf(draft.values),
              draft.repairedBase,
              draft.repairedConditional));
    }
    Spec spec =
        new Spec(
            description(answer),
            answer.requirements(),
            properties,
            fields(kept),
            material instanceof SeedMaterial.Records records
                ? records.statistical().constraints()
                : List.of());
    try {
      return new Result(SpecValidator.validate(spec, subject), List.copyOf(notes));
    } catch (SpecValidationException e) {
      throw new UnusableAnswerException(e.getMessage());
    }
  }

  private List<Draft> named(List<SpecDraft.Property> properties) {
    List<Draft> drafts = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < properties.size(); i++) {
      SpecDraft.Property property = properties.get(i);
      String name = property.name() == null ? "" : property.name().strip();
      if (name.isEmpty()) {
        notes.add("property #" + (i + 1) + " has no name: dropped");
      } else if (!names.add(name)) {
        notes.add("property '" + name + "' is given more than once: the first is kept");
      } else {
        Draft draft = new Draft();
        draft.name = name;
        draft.values = new ArrayList<>(property.values());
        draft.base = property.base();
        draft.conditional = property.conditional();
        drafts.add(draft);
      }
    }
    return drafts;
  }

  /** Finds each property's field, renaming near matches; returns old name -> new name. */
  private Map<String, String> target(List<Draft> drafts, SeedMaterial.Records records) {
    Map<String, Target> targets = new LinkedHashMap<>();
    for (RecordField field : records.statistical().recordFields()) {
      boolean hasNulls = records.profile().column(field.name()).nulls() > 0;
      PropertyVariation statistical =
          field.isBound() ? records.statistical().property(field.property()).orElse(null) : null;
      boolean categorical = statistical != null && field.property().equals(field.name());
      targets.put(
          field.name(),
          new Target(field.name(), field, categorical ? statistical.values() : null, hasNulls));
      if (statistical != null && !categorical) {
        targets.putIfAbsent(field.property(), new Target(field.property(), field, null, hasNulls));
      }
    }
    Map<String, List<Target>> byKey = new HashMap<>();
    targets
        .values()
        .forEach(t -> byKey.computeIfAbsent(key(t.name()), k -> new ArrayList<>()).add(t));
    Map<String, String> renamed = new HashMap<>();
    Set<String> taken = new LinkedHashSet<>();
    drafts.forEach(d -> taken.add(d.name));
    List<Draft> duplicates = new ArrayList<>();
    for (Draft draft : drafts) {
      Target target = targets.get(draft.name);
      if (target == null) {
        List<Target> near = byKey.getOrDefault(key(draft.name), List.of());
        if (near.size() == 1) {
          target = near.get(0);
          if (taken.contains(target.name())) {
            notes.add(
                "property '"
                    + draft.name
                    + "' is another spelling of '"
                    + target.name()
                    + "', which the answer also gives: dropped");
            duplicates.add(draft);
            continue;
          }
          notes.add(
              "property '"
                  + draft.name
                  + "' is named '"
                  + target.name()
                  + "' after its seed column");
          renamed.put(draft.name, target.name());
          taken.add(target.name());
          draft.name = target.name();
        }
      }
      draft.target = target;
    }
    drafts.removeAll(duplicates);
    return renamed;
  }

  private static String key(String name) {
    return name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s\\-]+", "_");
  }

  private void cleanValues(Draft draft) {
    List<String> values = new ArrayList<>();
    boolean changed = false;
    for (String value : draft.values) {
      String stripped = value.strip();
      changed |= !stripped.equals(value);
      if (stripped.isEmpty() || values.contains(stripped)) {
        changed = true;
      } else {
        values.add(stripped);
      }
      draft.spelling.putIfAbsent(value, stripped.isEmpty() ? null : stripped);
      draft.spelling.putIfAbsent(stripped, stripped.isEmpty() ? null : stripped);
    }
    if (changed) {
      notes.add("property '" + draft.name + "': empty, repeated or padded values were cleaned");
    }
    draft.values = values;
  }

  /** Applies the binding rule of the class comment to a property that targets a field. */
  private void bindValues(Draft draft) {
    Target target = draft.target;
    FieldType type = target.field().type();
    if (type == FieldType.STRING && target.seedValues() == null) {
      notes.add(
          "property '"
              + draft.name
              + "' describes field '"
              + target.field().name()
              + "', which is free text or identifiers: kept unbound");
      return;
    }
    List<String> kept = new ArrayList<>();
    List<String> unparsable = new ArrayList<>();
    List<String> outOfRange = new ArrayList<>();
    List<String> unseen = new ArrayList<>();
    Map<String, String> bindSpelling = new HashMap<>();
    for (String value : draft.values) {
      String spelled = SeedFieldValues.seedSpelling(value, target.field(), target.seedValues());
      if (RecordField.NULL_VALUE.equals(spelled) && !target.hasNulls()) {
        unseen.add(value);
        continue;
      }
      try {
        PropertyValues.Parsed parsed = PropertyValues.parse(spelled, type);
        if (!SeedFieldValues.inRange(parsed, target.field())) {
          outOfRange.add(value);
        } else if (target.seedValues() != null
            && !settings.extrapolateValues()
            && !target.seedValues().contains(spelled)) {
          unseen.add(value);
        } else {
          bindSpelling.put(value, spelled);
          if (!kept.contains(spelled)) {
            kept.add(spelled);
          }
        }
      } catch (IllegalArgumentException e) {
        unparsable.add(value);
      }
    }
    if (!draft.values.isEmpty() && unparsable.size() == draft.values.size()) {
      notes.add(
          "property '"
              + draft.name
              + "' has no "
              + type.yamlName()
              + " values or ranges for field '"
              + target.field().name()
              + "': kept unbound, the field is drawn from its profile");
      return;
    }
    String field = "field '" + target.field().name() + "'";
    if (!unparsable.isEmpty()) {
      notes.add(
          "property '"
              + draft.name
              + "': "
              + Distributions.quoted(unparsable)
              + " are not "
              + type.yamlName()
              + " values of "
              + field
              + ": dropped");
    }
    if (!outOfRange.isEmpty()) {
      notes.add(
          "property '"
              + draft.name
              + "': "
              + Distributions.quoted(outOfRange)
              + " lie outside the range of "
              + field
              + ": dropped");
    }
    if (!unseen.isEmpty()) {
      notes.add(
          "property '"
              + draft.name
              + "': "
              + Distributions.quoted(unseen)
              + " are not values of "
              + field
              + " in the seed"
              + (settings.extrapolateValues() ? "" : ", and extrapolate_values is false")
              + ": dropped");
    }
    draft.spelling.replaceAll(
        (written, cleaned) -> cleaned == null ? null : bindSpelling.get(cleaned));
    draft.values = kept;
    draft.bound = !kept.isEmpty();
  }

  /** A distribution with its keys in the spec's spelling of the values; dropped values left out. */
  private static Map<String, Double> respelled(Draft draft, Map<String, Double> distribution) {
    if (distribution == null) {
      return null;
    }
    Map<String, Double> respelled = new LinkedHashMap<>();
    distribution.forEach(
        (written, percent) -> {
          String spelled = spelling(draft, written);
          if (spelled != null) {
            respelled.putIfAbsent(spelled, percent);
          }
        });
    return respelled;
  }

  /**
   * The spec's spelling of a value as the answer wrote it in a distribution: as mapped when the
   * value list had it (null when dropped), else a value equal but for case, else the text as
   * written.
   */
  private static String spelling(Draft draft, String written) {
    if (draft.spelling.containsKey(written)) {
      return draft.spelling.get(written);
    }
    String stripped = written.strip();
    if (draft.spelling.containsKey(stripped)) {
      return draft.spelling.get(stripped);
    }
    for (String value : draft.values) {
      if (value.equalsIgnoreCase(stripped)) {
        return value;
      }
    }
    return stripped;
  }

  private void repairBase(Draft draft) {
    String where = "property '" + draft.name + "': base distribution";
    if (!settings.generateDistributions()) {
      draft.repairedBase = Distributions.uniform(draft.values);
      return;
    }
    if (draft.base == null || draft.base.isEmpty()) {
      notes.add(where + " is missing: uniform");
    }
    draft.repairedBase =
        Distributions.repair(where, draft.values, respelled(draft, draft.base), notes);
  }

  private void repairConditional(Draft draft, Map<String, Draft> byName) {
    SpecDraft.Conditional conditional = draft.conditional;
    if (conditional == null) {
      return;
    }
    String where = "property '" + draft.name + "': conditional distribution";
    if (!settings.conditionalsEnabled()) {
      notes.add(
          where
              + " dropped: "
              + (settings.generateDistributions()
                  ? "generate_conditional_distributions is false"
                  : "generate_distributions is false"));
      return;
    }
    String parentName = conditional.parent();
    Draft parent = parentName == null ? null : byName.get(parentName);
    if (parent == null || parent == draft) {
      notes.add(
          where
              + " names parent '"
              + parentName
              + "', which is "
              + (parent == draft ? "the property itself" : "not a property of the spec")
              + ": dropped");
      return;
    }
    Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    conditional
        .byParentValue()
        .forEach(
            (written, row) -> {
              String parentValue = spelling(parent, written);
              if (parentValue == null || !parent.values.contains(parentValue)) {
                unknown.add(written);
              } else {
                rows.putIfAbsent(parentValue, row);
              }
            });
    if (!unknown.isEmpty()) {
      notes.add(
          where
              + " has rows for "
              + Distributions.quoted(unknown)
              + ", not values of parent '"
              + parent.name
              + "': dropped");
    }
    if (rows.isEmpty()) {
      notes.add(where + " has no row for any value of parent '" + parent.name + "': dropped");
      return;
    }
    Map<String, Map<String, Double>> repaired = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String parentValue : parent.values) {
      Map<String, Double> row = rows.get(parentValue);
      if (row == null) {
        missing.add(parentValue);
        repaired.put(parentValue, draft.repairedBase);
      } else {
        repaired.put(
            parentValue,
            Distributions.repair(
                where + " given " + parent.name + " = " + parentValue,
                draft.values,
                respelled(draft, row),
                notes));
      }
    }
    if (!missing.isEmpty()) {
      notes.add(
          where
              + " has no row for "
              + Distributions.quoted(missing)
              + " of parent '"
              + parent.name
              + "': the base distribution is used");
    }
    draft.repairedConditional = new ConditionalDistribution(parent.name, repaired);
  }

  /**
   * Drops one conditional distribution of each cycle of conditional parents: that of the property
   * latest in the spec.
   */
  private void breakCycles(List<Draft> drafts) {
    Map<String, Draft> byName = new LinkedHashMap<>();
    Map<String, String> parents = new HashMap<>();
    for (Draft draft : drafts) {
      byName.put(draft.name, draft);
      if (draft.repairedConditional != null) {
        parents.put(draft.name, draft.repairedConditional.parent());
      }
    }
    List<String> order = new ArrayList<>(byName.keySet());
    for (List<String> cycle : ParentCycles.find(order, parents)) {
      String last = cycle.stream().max(Comparator.comparingInt(order::indexOf)).orElseThrow();
      notes.add(
          "properties "
              + Distributions.quoted(cycle)
              + " form a cycle of conditional parents: the"
              + " conditional distribution of '"
              + last
              + "' is dropped");
      byName.get(last).repairedConditional = null;
    }
  }

  private List<RecordField> fields(List<Draft> kept) {
    if (!(material instanceof SeedMaterial.Records records)) {
      return List.of();
    }
    Map<String, String> boundProperty = new HashMap<>();
    for (Draft draft : kept) {
      if (draft.bound) {
        String field = draft.target.field().name();
        String first = boundProperty.putIfAbsent(field, draft.name);
        if (first != null) {
          notes.add(
              "property '"
                  + draft.name
                  + "' also describes field '"
                  + field
                  + "', which is bound to '"
                  + first
                  + "': kept unbound");
        }
      }
    }
    List<RecordField> fields = new ArrayList<>();
    for (RecordField field : records.statistical().recordFields()) {
      String property = boundProperty.get(field.name());
      fields.add(field.withProperty(property).withText(property == null ? field.text() : null));
    }
    return fields;
  }

  private String description(SpecDraft answer) {
    if (settings.description() != null && !settings.description().isBlank()) {
      return settings.description();
    }
    if (answer.description() != null && !answer.description().isBlank()) {
      return answer.description().strip();
    }
    notes.add("the answer has no description: one is written from the seeds");
    if (material instanceof SeedMaterial.Records records) {
      return records.statistical().description();
    }
    if (material instanceof SeedMaterial.Documents documents) {
      return "Documents like the " + documents.profile().count() + " seed documents.";
    }
    return "Data as the generation objectives describe it.";
  }
}
