package ai.dataframer.beam.core.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spec's canonical YAML form (docs/ARCHITECTURE.md section 4), compatible with the hosted
 * service's {@code content_yaml}. {@link #parse} reads and validates; {@link #write} is
 * deterministic: the same spec gives the same bytes, keys in the documented order, properties and
 * values in spec order.
 */
public final class SpecYaml {
  /**
   * Also quotes what YAML 1.1 reads as a sexagesimal number ("12:34:56.789", a time of day read
   * from a Parquet TIME column): written bare it would not read back as the string it is.
   */
  private static final StringQuotingChecker QUOTING =
      new StringQuotingChecker.Default() {
        private static final long serialVersionUID = 1L;
        private final Pattern sexagesimal =
            Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");

        @Override
        public boolean needToQuoteValue(String value) {
          return super.needToQuoteValue(value) || sexagesimal.matcher(value).matches();
        }
      };

  static final YAMLMapper MAPPER =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(QUOTING).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // Property values are strings: "1.50" written bare would read back as the number 1.5.
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private SpecYaml() {}

  /**
   * Reads a spec YAML document.
   *
   * @param sourceName file name or other origin, named in error messages
   * @return the validated, normalized spec with its metadata block (null when absent)
   * @throws SpecValidationException listing every problem: malformed YAML, unknown keys (with their
   *     path), wrong value kinds, then the rules of {@link SpecValidator}
   */
  public static SpecDocument parse(String yaml, String sourceName) {
    JsonNode root;
    try {
      root = MAPPER.readTree(yaml);
    } catch (JacksonException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new SpecValidationException(
          sourceName, List.of("not valid YAML" + where + ": " + e.getOriginalMessage()));
    }
    SpecYamlReader reader = new SpecYamlReader();
    SpecDocument document = reader.read(root);
    if (!reader.problems().isEmpty()) {
      throw new SpecValidationException(sourceName, reader.problems());
    }
    return new SpecDocument(
        SpecValidator.validate(document.spec(), sourceName), document.metadata());
  }

  /** Writes a spec without a metadata block; expects a spec {@link SpecValidator} accepted. */
  public static String write(Spec spec) {
    return write(new SpecDocument(spec, null));
  }

  /** Writes a spec and, when present, its metadata block. */
  public static String write(SpecDocument document) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("spec", specNode(document.spec()));
    if (document.metadata() != null) {
      root.set("metadata", metadataNode(document.metadata()));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write spec YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode specNode(Spec spec) {
    ObjectNode node = MAPPER.createObjectNode();
    putIfPresent(node, "description", spec.description());
    putIfPresent(node, "requirements", spec.requirements());
    ArrayNode properties = node.putArray("data_property_variations");
    for (PropertyVariation property : spec.properties()) {
      properties.add(propertyNode(property));
    }
    if (!spec.recordFields().isEmpty()) {
      ArrayNode fields = node.putArray("record_fields");
      for (RecordField field : spec.recordFields()) {
        fields.add(fieldNode(field));
      }
    }
    if (!spec.constraints().isEmpty()) {
      ArrayNode constraints = node.putArray("constraints");
      spec.constraints().forEach(c -> constraints.add(constraintNode(c)));
    }
    return node;
  }

  private static ObjectNode propertyNode(PropertyVariation property) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("property_name", property.name());
    ArrayNode values = node.putArray("property_values");
    property.values().forEach(values::add);
    node.set("base_distributions", distributionNode(property.baseDistribution()));
    ConditionalDistribution conditional = property.conditional();
    if (conditional != null) {
      ObjectNode byParentValue =
          node.putObject("conditional_distributions").putObject(conditional.parent());
      conditional
          .byParentValue()
          .forEach(
              (parentValue, distribution) ->
                  byParentValue.set(parentValue, distributionNode(distribution)));
    }
    return node;
  }

  private static ObjectNode distributionNode(Map<String, Double> distribution) {
    ObjectNode node = MAPPER.createObjectNode();
    if (distribution != null) {
      distribution.forEach(node::put);
    }
    return node;
  }

  private static ObjectNode fieldNode(RecordField field) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", field.name());
    node.put("type", field.type().yamlName());
    putIfPresent(node, "property", field.property());
    if (field.nullablePercent() != 0) {
      node.put("nullable_percent", field.nullablePercent());
    }
    if (!field.quantiles().isEmpty()) {
      ArrayNode quantiles = node.putArray("quantiles");
      for (double q : field.quantiles()) {
        switch (field.type()) {
          case DATE -> quantiles.add(LocalDate.ofEpochDay(Math.round(q)).toString());
          case TIMESTAMP -> quantiles.add(Instant.ofEpochMilli(Math.round(q)).toString());
          default -> quantiles.add(q);
        }
      }
    }
    if (field.text() != null) {
      ObjectNode text = node.putObject("text");
      text.put("min_words", field.text().minWords());
      text.put("median_words", field.text().medianWords());
      text.put("max_words", field.text().maxWords());
    }
    if (field.scale() != null) {
      node.put("scale", field.scale());
    }
    if (field.precision() != null) {
      node.put("precision", field.precision());
    }
    if (field.decimals() != null) {
      node.put("decimals", field.decimals());
    }
    if (field.unit() != null) {
      node.put("unit", field.unit().yamlName());
    }
    if (field.key() != null) {
      ObjectNode key = node.putObject("key");
      key.put("format", field.key().format());
      if (field.key().start() != null) {
        key.put("start", field.key().start());
      }
    }
    return node;
  }

  private static ObjectNode constraintNode(Constraint constraint) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("kind", constraint.kind());
    if (constraint instanceof Constraint.Order order) {
      node.put("left", order.left());
      node.put("op", order.op());
      node.put("right", order.right());
    } else if (constraint instanceof Constraint.Sum sum) {
      node.put("total", sum.total());
      ArrayNode parts = node.putArray("parts");
      sum.parts().forEach(parts::add);
      node.put("tolerance", sum.tolerance());
    } else if (constraint instanceof Constraint.Determines determines) {
      node.put("from", determines.from());
      node.put("to", determines.to());
    }
    return node;
  }

  private static ObjectNode metadataNode(SpecMetadata metadata) {
    ObjectNode node = MAPPER.createObjectNode();
    putIfPresent(node, "id", metadata.id());
    putIfPresent(node, "name", metadata.name());
    node.put("version", metadata.version());
    if (metadata.status() != null) {
      node.put("status", metadata.status().name());
    }
    putIfPresent(node, "dataset", metadata.dataset());
    putIfPresent(node, "created_at", metadata.createdAt());
    putIfPresent(node, "error_message", metadata.errorMessage());
    if (!metadata.runtimeParams().isEmpty()) {
      node.set("runtime_params", MAPPER.valueToTree(metadata.runtimeParams()));
    }
    return node;
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }
}
