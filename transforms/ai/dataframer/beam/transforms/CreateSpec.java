package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.profile.Discretisation;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.JointCounts;
import ai.dataframer.beam.core.profile.PropertyCodes;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.profile.TableProfile;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Learns a {@link Spec} from seed rows with the embedded analyst ({@link SpecInference}): a
 * single-element {@code PCollection<Spec>}. Two passes over the rows, both combined in parallel (no
 * data is collected on the driver): column profiles, then the joint counts of every pair of
 * candidate properties, decided from the profiles and broadcast as a side input. Options mirror
 * {@code SpecCreate}; an empty seed fails the pipeline.
 *
 * <pre>{@code
 * PCollection<Spec> spec = seedRows.apply(DataFramer.createSpec().withExtrapolateValues(false));
 * }</pre>
 */
public final class CreateSpec extends PTransform<PCollection<Row>, PCollection<Spec>> {
  private final InferenceSettings settings;

  private CreateSpec(InferenceSettings settings) {
    this.settings = settings;
  }

  static CreateSpec create() {
    return new CreateSpec(InferenceSettings.defaults());
  }

  /**
   * {@code generate_distributions} (default true): false gives uniform distributions, no
   * conditionals.
   */
  public CreateSpec withGenerateDistributions(boolean generateDistributions) {
    return new CreateSpec(settings.withGenerateDistributions(generateDistributions));
  }

  /**
   * {@code generate_conditional_distributions} (default true); has effect only with distributions.
   */
  public CreateSpec withGenerateConditionalDistributions(boolean generateConditionalDistributions) {
    return new CreateSpec(
        settings.withGenerateConditionalDistributions(generateConditionalDistributions));
  }

  /** {@code extrapolate_values} (default true): widen numeric and date ranges beyond the seed's. */
  public CreateSpec withExtrapolateValues(boolean extrapolateValues) {
    return new CreateSpec(settings.withExtrapolateValues(extrapolateValues));
  }

  /** The spec's description; by default one is written from the seed profile. */
  public CreateSpec withDescription(String description) {
    checkArgument(
        description != null && !description.isBlank(),
        "description must be non-blank, but was '%s'",
        description);
    return new CreateSpec(settings.withDescription(description));
  }

  /** {@code generation_objectives}: recorded in the spec's requirements. */
  public CreateSpec withObjectives(String objectives) {
    checkArgument(
        objectives != null && !objectives.isBlank(),
        "objectives must be non-blank, but was '%s'",
        objectives);
    return new CreateSpec(settings.withObjectives(objectives));
  }

  @Override
  public PCollection<Spec> expand(PCollection<Row> rows) {
    return profileAndInfer(rows, settings).spec();
  }

  /**
   * The two passes and the inference, as steps of the caller's composite: the merged profile and
   * the spec learned from it. {@link CreateSpecWithModel} shows the profile to a model and keeps
   * the spec's record fields.
   */
  static Profiled profileAndInfer(PCollection<Row> rows, InferenceSettings settings) {
    checkArgument(
        rows.hasSchema(), "createSpec() needs rows with a Beam schema (e.g. from SeedIO)");
    Map<String, FieldType> columns = columnsOf(rows.getSchema());

    // Each combine gives its one output without Beam's default-value step, and the spec is
    // inferred over the pair counts, which come last, with what came before as side inputs: no
    // step holds an element while its side inputs are computed, which the Direct runner retries
    // on every turn of its scheduler (docs/ARCHITECTURE.md, "Small jobs").
    PCollection<TableProfile> profile =
        rows.apply(
            "ProfileColumns",
            CombineWithIdentity.accumulating(
                new ProfileColumnsFn(columns), SerializableCoder.of(TableProfile.class)));
    PCollectionView<Discretisation> properties =
        profile
            .apply("DecideProperties", ParDo.of(new DecidePropertiesFn(settings)))
            .setCoder(SerializableCoder.of(Discretisation.class))
            .apply("AsSideInput", View.asSingleton());
    PCollectionView<TableProfile> profileView = profile.apply("ProfileView", View.asSingleton());
    PCollection<Spec> spec =
        rows.apply(
                "EncodeProperties",
                ParDo.of(new EncodePropertiesFn(properties)).withSideInputs(properties))
            .setCoder(SerializableCoder.of(PropertyCodes.class))
            .apply(
                "CountPropertyPairs",
                CombineWithIdentity.accumulating(
                    new CountPropertyPairsFn(), SerializableCoder.of(JointCounts.class)))
            .apply(
                "InferSpec",
                ParDo.of(new InferSpecFn(settings, profileView, properties))
                    .withSideInputs(profileView, properties))
            .setCoder(SerializableCoder.of(Spec.class));
    return new Profiled(profile, spec);
  }

  /** The merged profile of the seed rows and the spec the embedded analyst learned from them. */
  record Profiled(PCollection<TableProfile> profile, PCollection<Spec> spec) {}

  private static Map<String, FieldType> columnsOf(Schema schema) {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      checkArgument(
          !field.getName().startsWith(MetadataColumns.PREFIX),
          "seed column '%s' starts with %s, which is reserved for DataFramer metadata columns;"
              + " rename or drop it before createSpec()",
          field.getName(),
          MetadataColumns.PREFIX);
      columns.put(field.getName(), RowRecords.coreType(field.getName(), field.getType()));
    }
    checkArgument(!columns.isEmpty(), "createSpec() needs seed rows with at least one column");
    return columns;
  }

  /** First pass: order-independent column profiles. */
  static final class ProfileColumnsFn extends Combine.CombineFn<Row, TableProfile, TableProfile> {
    private final LinkedHashMap<String, FieldType> columns;

    ProfileColumnsFn(Map<String, FieldType> columns) {
      this.columns = new LinkedHashMap<>(columns);
    }

    @Override
    public TableProfile createAccumulator() {
      return TableProfile.empty(columns);
    }

    @Override
    public TableProfile addInput(TableProfile profile, Row row) {
      profile.add(RowRecords.toRecord(row));
      return profile;
    }

    @Override
    public TableProfile mergeAccumulators(Iterable<TableProfile> profiles) {
      TableProfile merged = createAccumulator();
      profiles.forEach(merged::merge);
      return merged;
    }

    @Override
    public TableProfile extractOutput(TableProfile profile) {
      return profile;
    }

    @Override
    public Coder<TableProfile> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(TableProfile.class);
    }

    @Override
    public Coder<TableProfile> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(TableProfile.class);
    }
  }

  /** Decides candidate properties and bins once, from the merged profile. */
  static final class DecidePropertiesFn extends DoFn<TableProfile, Discretisation> {
    private final InferenceSettings settings;

    DecidePropertiesFn(InferenceSettings settings) {
      this.settings = settings;
    }

    @ProcessElement
    public void process(@Element TableProfile profile, OutputReceiver<Discretisation> out) {
      out.output(Discretisation.decide(profile, settings));
    }
  }

  /** Second pass, per row: the value index of every candidate property. */
  static final class EncodePropertiesFn extends DoFn<Row, PropertyCodes> {
    private final PCollectionView<Discretisation> properties;

    EncodePropertiesFn(PCollectionView<Discretisation> properties) {
      this.properties = properties;
    }

    @ProcessElement
    public void process(
        @Element Row row, ProcessContext context, OutputReceiver<PropertyCodes> out) {
      out.output(context.sideInput(properties).encode(RowRecords.toRecord(row)));
    }
  }

  /** Second pass, combined: contingency tables of all property pairs. */
  static final class CountPropertyPairsFn
      extends Combine.CombineFn<PropertyCodes, JointCounts, JointCounts> {
    @Override
    public JointCounts createAccumulator() {
      return new JointCounts();
    }

    @Override
    public JointCounts addInput(JointCounts counts, PropertyCodes codes) {
      counts.add(codes);
      return counts;
    }

    @Override
    public JointCounts mergeAccumulators(Iterable<JointCounts> counts) {
      JointCounts merged = new JointCounts();
      counts.forEach(merged::merge);
      return merged;
    }

    @Override
    public JointCounts extractOutput(JointCounts counts) {
      return counts;
    }

    @Override
    public Coder<JointCounts> getAccumulatorCoder(
        CoderRegistry registry, Coder<PropertyCodes> inputCoder) {
      return SerializableCoder.of(JointCounts.class);
    }

    @Override
    public Coder<JointCounts> getDefaultOutputCoder(
        CoderRegistry registry, Coder<PropertyCodes> inputCoder) {
      return SerializableCoder.of(JointCounts.class);
    }
  }

  /** Final step: the spec from the profile, the decided properties and their pair counts. */
  static final class InferSpecFn extends DoFn<JointCounts, Spec> {
    private final InferenceSettings settings;
    private final PCollectionView<TableProfile> profile;
    private final PCollectionView<Discretisation> properties;

    InferSpecFn(
        InferenceSettings settings,
        PCollectionView<TableProfile> profile,
        PCollectionView<Discretisation> properties) {
      this.settings = settings;
      this.profile = profile;
      this.properties = properties;
    }

    @ProcessElement
    public void process(
        @Element JointCounts pairCounts, ProcessContext context, OutputReceiver<Spec> out) {
      out.output(
          SpecInference.infer(
              context.sideInput(profile), context.sideInput(properties), pairCounts, settings));
    }
  }
}
