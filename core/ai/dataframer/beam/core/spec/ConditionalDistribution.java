package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distribution of a property given the value of its single parent property: parent value -> (value
 * -> percent).
 */
public record ConditionalDistribution(String parent, Map<String, Map<String, Double>> byParentValue)
    implements Serializable {
  public ConditionalDistribution {
    // Insertion order is kept: YAML output and sampling tables follow it.
    byParentValue = Collections.unmodifiableMap(new LinkedHashMap<>(byParentValue));
  }
}
