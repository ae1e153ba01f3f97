package ai.dataframer.beam.core.generate;

import java.util.Locale;

/**
 * The stages of a sample whose model calls are accounted separately (docs/ARCHITECTURE.md section
 * 6).
 */
public enum Stage {
  OUTLINE,
  DRAFT,
  REVISION,
  FILTER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
