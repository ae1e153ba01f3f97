package ai.dataframer.beam.pipelines;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.apache.beam.sdk.util.construction.PipelineOptionsTranslation;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.vendor.grpc.v1p60p1.com.google.protobuf.ByteString;
import org.xerial.snappy.SnappyInputStream;

/**
 * A Beam runner for tests that keeps, for every job it is given, everything of the job that a
 * runner ships to workers or shows to users, as bytes, and then runs the job on the Direct runner.
 * Named with {@code --runner=ai.dataframer.beam.pipelines.GraphInspectingRunner}.
 *
 * <p>Kept per job: each transform, DoFn, CombineFn, side-input view and PCollection coder, each
 * Java-serialized without compression (Beam's own serialization compresses with Snappy, which can
 * hide a repeated string); the portable pipeline proto, and each DoFn, CombineFn, view function and
 * coder payload inside it decompressed; the options as JSON (what Dataflow and the portable runners
 * receive and display) and as display data.
 */
public final class GraphInspectingRunner extends PipelineRunner<PipelineResult> {
  /** What one job showed: a name for each part and its bytes. */
  public record Inspected(Map<String, byte[]> parts) {}

  private static final List<Inspected> JOBS = Collections.synchronizedList(new ArrayList<>());

  private final PipelineOptions options;

  private GraphInspectingRunner(PipelineOptions options) {
    this.options = options;
  }

  public static GraphInspectingRunner fromOptions(PipelineOptions options) {
    return new GraphInspectingRunner(options);
  }

  /** The jobs inspected so far in this JVM, oldest first. */
  public static List<Inspected> jobs() {
    synchronized (JOBS) {
      return List.copyOf(JOBS);
    }
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    JOBS.add(inspect(pipeline, options));
    return DirectRunner.fromOptions(options).run(pipeline);
  }

  static Inspected inspect(Pipeline pipeline, PipelineOptions options) {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              transform(node);
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            transform(node);
          }

          @Override
          public void visitValue(PValue value, TransformHierarchy.Node producer) {
            if (value instanceof PCollection<?> collection) {
              parts.put("coder of " + collection.getName(), javaBytes(collection.getCoder()));
            }
          }

          private void transform(TransformHierarchy.Node node) {
            String name = node.getFullName();
            PTransform<?, ?> transform = node.getTransform();
            parts.put("transform " + name, javaBytesIfSerializable(transform));
            parts.put("display data of " + name, bytes(DisplayData.from(transform).toString()));
            if (transform instanceof ParDo.SingleOutput<?, ?> parDo) {
              parts.put("DoFn of " + name, javaBytes(parDo.getFn()));
              views(name, parDo.getSideInputs().values());
            } else if (transform instanceof ParDo.MultiOutput<?, ?> parDo) {
              parts.put("DoFn of " + name, javaBytes(parDo.getFn()));
              views(name, parDo.getSideInputs().values());
            } else if (transform instanceof Combine.PerKey<?, ?, ?> combine) {
              parts.put("CombineFn of " + name, javaBytes(combine.getFn()));
            } else if (transform instanceof Combine.Globally<?, ?> combine) {
              parts.put("CombineFn of " + name, javaBytes(combine.getFn()));
            } else if (transform instanceof Combine.GroupedValues<?, ?, ?> combine) {
              parts.put("CombineFn of " + name, javaBytes(combine.getFn()));
            }
          }

          private void views(String name, Iterable<PCollectionView<?>> views) {
            for (PCollectionView<?> view : views) {
              parts.put(
                  "side input " + view.getTagInternal().getId() + " of " + name, javaBytes(view));
            }
          }
        });
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(pipeline, true);
    parts.put("pipeline proto", proto.toByteArray());
    for (Map.Entry<String, RunnerApi.PTransform> transform :
        proto.getComponents().getTransformsMap().entrySet()) {
      RunnerApi.FunctionSpec spec = transform.getValue().getSpec();
      try {
        if (spec.getUrn().equals(PTransformTranslation.PAR_DO_TRANSFORM_URN)) {
          RunnerApi.ParDoPayload payload = RunnerApi.ParDoPayload.parseFrom(spec.getPayload());
          parts.put(
              "proto DoFn of " + transform.getKey(), unsnappy(payload.getDoFn().getPayload()));
          for (Map.Entry<String, RunnerApi.SideInput> side :
              payload.getSideInputsMap().entrySet()) {
            parts.put(
                "proto view fn " + side.getKey() + " of " + transform.getKey(),
                unsnappy(side.getValue().getViewFn().getPayload()));
          }
        } else if (spec.getUrn().startsWith("beam:transform:combine_")) {
          RunnerApi.CombinePayload payload = RunnerApi.CombinePayload.parseFrom(spec.getPayload());
          parts.put(
              "proto CombineFn of " + transform.getKey(),
              unsnappy(payload.getCombineFn().getPayload()));
        }
      } catch (IOException e) {
        throw new AssertionError("cannot read the proto of " + transform.getKey(), e);
      }
    }
    for (Map.Entry<String, RunnerApi.Coder> coder :
        proto.getComponents().getCodersMap().entrySet()) {
      parts.put("proto coder " + coder.getKey(), unsnappy(coder.getValue().getSpec().getPayload()));
    }
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .registerModules(
                  com.fasterxml.jackson.databind.ObjectMapper.findModules(
                      ReflectHelpers.findClassLoader()));
      parts.put("options as JSON", mapper.writeValueAsBytes(options));
    } catch (IOException e) {
      throw new AssertionError("cannot write the options as JSON", e);
    }
    parts.put("options as proto", PipelineOptionsTranslation.toProto(options).toByteArray());
    parts.put("options display data", bytes(DisplayData.from(options).toString()));
    return new Inspected(parts);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The payload decompressed when it is Beam's Snappy-framed Java serialization, else as is. */
  private static byte[] unsnappy(ByteString payload) {
    byte[] raw = payload.toByteArray();
    try (SnappyInputStream in = new SnappyInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (IOException notSnappy) {
      return raw;
    }
  }

  private static byte[] javaBytes(Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new AssertionError("cannot serialize " + object, e);
    }
    return bytes.toByteArray();
  }

  /**
   * A composite transform is never shipped by a runner and some of Beam's hold unserializable
   * fields; those count as nothing shipped (unless what cannot be serialized is a Secret value),
   * any other is serialized like a DoFn.
   */
  private static byte[] javaBytesIfSerializable(Serializable transform) {
    try {
      return javaBytes(transform);
    } catch (AssertionError e) {
      // A Secret value is what this runner looks for: one that cannot be serialized still counts.
      if (e.getCause() instanceof NotSerializableException notSerializable
          && !notSerializable.getMessage().contains("core.llm.Secret")) {
        return new byte[0];
      }
      throw e;
    }
  }
}
