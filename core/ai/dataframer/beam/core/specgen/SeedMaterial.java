package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.profile.TableProfile;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the analyst learns from: record seeds, document seeds, or objectives alone. */
public sealed interface SeedMaterial extends Serializable
    permits SeedMaterial.Records, SeedMaterial.Documents, SeedMaterial.Seedless {

  /**
   * Record seeds.
   *
   * @param profile the profile of every seed row
   * @param statistical the embedded analyst's spec of the same rows: the source of truth for the
   *     record fields (types, nulls, numeric ranges), and a proposal of properties
   * @param sample seed records in a deterministic order; the prompt shows as many as its token
   *     budget holds
   * @param files for sample folders (MULTI_FOLDER), column to file name in file order: each record
   *     is one folder, each column one file; null for plain records
   */
  record Records(
      TableProfile profile,
      Spec statistical,
      List<Map<String, Object>> sample,
      Map<String, String> files)
      implements SeedMaterial {
    public Records(TableProfile profile, Spec statistical, List<Map<String, Object>> sample) {
      this(profile, statistical, sample, null);
    }

    public Records {
      files = files == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(files));
      if (profile == null || statistical == null) {
        throw new IllegalArgumentException("record seeds need their profile and statistical spec");
      }
      if (profile.rowCount() == 0) {
        throw new IllegalArgumentException(
            "the seed has no rows; a spec is learned from at least one row");
      }
      List<Map<String, Object>> copy = new ArrayList<>();
      // Cells may be null, which Map.copyOf refuses.
      (sample == null ? List.<Map<String, Object>>of() : sample)
          .forEach(record -> copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(record))));
      sample = Collections.unmodifiableList(copy);
    }
  }

  /**
   * Document seeds: one document per sample.
   *
   * @param profile the profile of every seed document
   * @param sample seed documents in a deterministic order; the prompt shows as many as fit
   */
  record Documents(DocumentProfile profile, List<SeedDocument> sample) implements SeedMaterial {
    public Documents {
      if (profile == null || profile.count() == 0) {
        throw new IllegalArgumentException(
            "the seed has no documents; a spec is learned from at least one document");
      }
      sample = sample == null ? List.of() : List.copyOf(sample);
    }
  }

  /** No seeds: the spec comes from {@code generation_objectives} alone. */
  record Seedless(String objectives) implements SeedMaterial {
    public Seedless {
      if (objectives == null || objectives.isBlank()) {
        throw new IllegalArgumentException(
            "a seedless spec needs generation_objectives describing the data to generate");
      }
    }
  }
}
