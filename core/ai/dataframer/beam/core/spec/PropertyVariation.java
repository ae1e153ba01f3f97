package ai.dataframer.beam.core.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One axis along which samples vary ({@code data_property_variations} entry of the hosted spec).
 *
 * @param name property name
 * @param values possible values, unique, non-empty, in spec order
 * @param baseDistribution value -> percent; ordered like {@code values}; empty means uniform
 * @param conditional distribution given one parent property, or null
 */
public record PropertyVariation(
    String name,
    List<String> values,
    Map<String, Double> baseDistribution,
    ConditionalDistribution conditional)
    implements Serializable {}
