package ai.dataframer.beam.core.specgen;

import java.io.Serializable;
import java.util.Locale;

/**
 * One seed document: a file of a document folder, one sample.
 *
 * @param path where it was read from
 * @param text its whole text
 */
public record SeedDocument(String path, String text) implements Serializable {
  public SeedDocument {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a seed document needs its path");
    }
    if (text == null) {
      throw new IllegalArgumentException("seed document " + path + " has no text");
    }
  }

  /** The file extension in lower case with its dot ({@code .md}), or "" when the name has none. */
  public String extension() {
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }

  /** Words are maximal runs of non-whitespace characters, as in the column profiles. */
  public int wordCount() {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
