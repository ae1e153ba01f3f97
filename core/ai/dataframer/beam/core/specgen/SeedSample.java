package ai.dataframer.beam.core.specgen;

import ai.dataframer.beam.core.profile.ColumnProfile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed sample of a prompt: records as JSON lines, or documents, fenced in {@value #OPEN} ...
 * {@value #CLOSE} as data. The whole block, fences included, takes at most the budget's tokens:
 * items are added in the given (deterministic) order while they fit; a document that does not fit
 * whole is cut to the room left, when that room is worth it.
 *
 * <p>Seed text cannot leave the fence: any {@code <seed_data} or {@code <document} tag inside it
 * (in any case, opening or closing) has its {@code <} written as {@code &lt;}, so the only fence
 * tags in the block are ours.
 *
 * @param block the fenced text, empty when nothing fits
 * @param shown how many records or documents it shows (a cut document counts)
 * @param available how many were offered
 */
public record SeedSample(String block, int shown, int available) {
  public static final String OPEN = "<seed_data>";
  public static final String CLOSE = "</seed_data>";
  static final String TRUNCATED = "\n[... document cut to fit the prompt]";

  /** A cut document shows at least this many tokens, else it is left out. */
  static final int MIN_CUT_TOKENS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TAG =
      Pattern.compile("<(\\s*/?\\s*(?:seed_data|document))", Pattern.CASE_INSENSITIVE);

  static SeedSample ofRecords(List<Map<String, Object>> records, int maxTokens) {
    List<String> items = new ArrayList<>();
    for (Map<String, Object> record : records) {
      items.add(neutralise(jsonLine(record)) + "\n");
    }
    return fill(items, maxTokens, false);
  }

  /**
   * Records of sample folders, each shown as its files in order, each file under its name and
   * field, so the model sees the folder structure and an example of every file.
   */
  static SeedSample ofFolders(
      List<Map<String, Object>> records, Map<String, String> files, int maxTokens) {
    List<String> items = new ArrayList<>();
    for (Map<String, Object> record : records) {
      StringBuilder item = new StringBuilder("<sample_folder>\n");
      files.forEach(
          (column, file) ->
              item.append("<file name=\"")
                  .append(neutralise(file.replace("\"", "'")))
                  .append("\" field=\"")
                  .append(column)
                  .append("\">\n")
                  .append(neutralise(String.valueOf(record.get(column))))
                  .append("\n</file>\n"));
      items.add(item.append("</sample_folder>\n").toString());
    }
    return fill(items, maxTokens, true);
  }

  static SeedSample ofDocuments(List<SeedDocument> documents, int maxTokens) {
    List<String> items = new ArrayList<>();
    for (SeedDocument document : documents) {
      items.add(
          "<document path=\""
              + neutralise(document.path().replace("\"", "'"))
              + "\">\n"
              + neutralise(document.text())
              + "\n</document>\n");
    }
    return fill(items, maxTokens, true);
  }

  /** Neutralises fence tags in seed text. */
  static String neutralise(String text) {
    Matcher matcher = TAG.matcher(text);
    return matcher.find() ? matcher.replaceAll("&lt;$1") : text;
  }

  private static SeedSample fill(List<String> items, int maxTokens, boolean cutDocuments) {
    StringBuilder body = new StringBuilder();
    int used = TokenCounter.count(OPEN + "\n" + CLOSE + "\n");
    int shown = 0;
    for (String item : items) {
      int tokens = TokenCounter.count(item);
      if (used + tokens <= maxTokens) {
        body.append(item);
        used += tokens;
        shown++;
        continue;
      }
      if (cutDocuments) {
        String cut = cut(item, maxTokens - used);
        if (cut != null) {
          body.append(cut);
          shown++;
        }
      }
      break;
    }
    // Token counts of pieces do not quite add up (the tokenizer merges across boundaries): check
    // the
    // whole block and leave out items from the end until it is within the budget.
    String block = shown == 0 ? "" : OPEN + "\n" + body + CLOSE + "\n";
    while (shown > 0 && TokenCounter.count(block) > maxTokens) {
      int last = body.lastIndexOf(cutDocuments ? "<document path=" : "\n", body.length() - 2);
      body.setLength(last < 0 ? 0 : cutDocuments ? last : last + 1);
      shown--;
      block = shown == 0 ? "" : OPEN + "\n" + body + CLOSE + "\n";
    }
    return new SeedSample(block, shown, items.size());
  }

  /**
   * The start of a document item in {@code room} tokens, closed again; null when too little fits.
   */
  private static String cut(String item, int room) {
    String closing = TRUNCATED + "\n</document>\n";
    int textRoom = room - TokenCounter.count(closing);
    if (textRoom < MIN_CUT_TOKENS) {
      return null;
    }
    String open = item.substring(0, item.length() - "\n</document>\n".length());
    return TokenCounter.truncate(open, textRoom) + closing;
  }

  private static String jsonLine(Map<String, Object> record) {
    ObjectNode line = JSON.createObjectNode();
    record.forEach(
        (name, value) -> {
          if (value == null) {
            line.putNull(name);
          } else if (value instanceof Boolean b) {
            line.put(name, b);
          } else if (value instanceof Integer i) {
            line.put(name, i);
          } else if (value instanceof Long l) {
            line.put(name, l);
          } else if (value instanceof Float f) {
            line.put(name, f);
          } else if (value instanceof Double d) {
            line.put(name, d);
          } else if (value instanceof BigDecimal decimal) {
            line.put(name, ColumnProfile.textOf(decimal));
          } else {
            line.put(name, value.toString());
          }
        });
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a seed record as JSON", e);
    }
  }
}
