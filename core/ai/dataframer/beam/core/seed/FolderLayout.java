package ai.dataframer.beam.core.seed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of one sample of a MULTI_FOLDER seed (docs/ARCHITECTURE.md, "Document and folder
 * seeds"): every sample folder holds these file names, in sorted order. A sample is read as a
 * record with one string column per file; the column is the file name with every character other
 * than a letter, digit or '_' replaced by '_' ({@code invoice.txt} is {@code invoice_txt}), because
 * Parquet (through Avro) and BigQuery accept only such names.
 *
 * @param files the file names, sorted, unique
 */
public record FolderLayout(List<String> files) implements Serializable {
  private static final String RESERVED_PREFIX = "_df_";

  public FolderLayout {
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("a sample folder layout needs at least one file");
    }
    files = List.copyOf(new TreeSet<>(files));
  }

  /**
   * The layout of {@code names}, refusing names that cannot be columns side by side.
   *
   * @param folder the seed folder, for messages
   * @throws SeedException when two names give one column, or a name gives a reserved column
   */
  public static FolderLayout of(Collection<String> names, String folder) {
    Map<String, String> byColumn = new TreeMap<>();
    for (String file : new TreeSet<>(names)) {
      String column = column(file);
      String other = byColumn.putIfAbsent(column, file);
      if (other != null) {
        throw new SeedException(
            "the sample folders of "
                + folder
                + " hold "
                + other
                + " and "
                + file
                + ", which give the same column "
                + column
                + "; rename one of them");
      }
      if (column.startsWith(RESERVED_PREFIX)) {
        throw new SeedException(
            "file "
                + file
                + " in the sample folders of "
                + folder
                + " would be column "
                + column
                + ", but names starting with "
                + RESERVED_PREFIX
                + " are the tool's metadata columns; rename it");
      }
    }
    return new FolderLayout(new ArrayList<>(names));
  }

  /** The column of a file name: letters, digits and '_' kept, anything else '_'. */
  public static String column(String file) {
    String column = file.replaceAll("[^A-Za-z0-9_]", "_");
    return Character.isDigit(column.charAt(0)) ? "f_" + column : column;
  }

  /** The columns, in file order. */
  public List<String> columns() {
    return files.stream().map(FolderLayout::column).toList();
  }

  /** Column to file name, in file order. */
  public Map<String, String> filesByColumn() {
    Map<String, String> map = new LinkedHashMap<>();
    files.forEach(file -> map.put(column(file), file));
    return Collections.unmodifiableMap(map);
  }

  /** The file names for messages: {@code email.md, invoice.txt, notes.json}. */
  public String describe() {
    return String.join(", ", files);
  }
}
