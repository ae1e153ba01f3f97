package ai.dataframer.beam.pipelines;

import com.google.api.services.dataflow.model.DataflowPackage;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.dataflow.util.PackageUtil.StagedFile;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Stands in for DataflowRunner's GcsStager (--stagerClass): keeps what the runner would upload to
 * the staging location instead of uploading it, so a job can be translated with no network. The
 * runner stages the portable pipeline proto through it, which the test reads back.
 */
public final class RecordingStager implements Stager {
  static final List<String> STAGED_FILES = new ArrayList<>();
  static final List<byte[]> STAGED_BYTES = new ArrayList<>();
  static final List<String> STAGED_BYTE_NAMES = new ArrayList<>();

  public static RecordingStager fromOptions(PipelineOptions options) {
    return new RecordingStager();
  }

  static synchronized void clear() {
    STAGED_FILES.clear();
    STAGED_BYTES.clear();
    STAGED_BYTE_NAMES.clear();
  }

  @Override
  public synchronized List<DataflowPackage> stageFiles(List<StagedFile> files) {
    List<DataflowPackage> packages = new ArrayList<>();
    for (StagedFile file : files) {
      STAGED_FILES.add(file.getDestination());
      packages.add(staged(file.getDestination()));
    }
    return packages;
  }

  @Override
  public synchronized DataflowPackage stageToFile(byte[] bytes, String name) {
    STAGED_BYTES.add(bytes.clone());
    STAGED_BYTE_NAMES.add(name);
    return staged(name);
  }

  private static DataflowPackage staged(String name) {
    return new DataflowPackage().setName(name).setLocation("gs://bucket/staging/" + name);
  }
}
