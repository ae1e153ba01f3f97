package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a model behind the fake provider server for whole runs: it reads each prompt's task marker
 * ({@code TASK: draft_record}, {@code TASK: critique:consistency}, ...) and answers in the format
 * the task asks for, from what the prompt says (the record fields and their rules, the assigned
 * property values). A free property with no field (such as a tone) is written into the record's
 * text as {@code name=value}, which is what the conformance judge reads back.
 *
 * <p>Scripted faults: {@link #misdrawing} makes chosen first drafts show a wrong value (the filter
 * rejects them and the sample is regenerated); {@link #doomed} makes every draft of the matching
 * samples wrong, so they end as failures.
 */
public final class ScriptedModel implements Function<FakeCall, FakeReply> {
  private static final Pattern TASK = Pattern.compile("TASK: ([a-z_]+)(?::([A-Za-z0-9_]+))?");
  private static final Pattern ASSIGNED =
      Pattern.compile("^- ([A-Za-z0-9_]+): (.+)$", Pattern.MULTILINE);

  /** A record field line; names are whatever the seed's header said, quotes and commas included. */
  private static final Pattern FIELD =
      Pattern.compile("^- (.+?): ([a-z]+)(.*)$", Pattern.MULTILINE);

  private static final Pattern MUST_BE =
      Pattern.compile("; must be (\"[^\"]*\"|[^ ;]+) \\(property");
  private static final Pattern FROM =
      Pattern.compile("; a value from ([^ ]+) up to ([^ ]+) \\(property");
  private static final Pattern CLASSIFY =
      Pattern.compile("^- ([A-Za-z0-9_]+): one of (\\[.*\\])$", Pattern.MULTILINE);

  private final String freeProperty;
  private final String textField;
  private final AtomicInteger firstDrafts = new AtomicInteger();
  private Predicate<Integer> misdrawing = n -> false;
  private Predicate<Map<String, String>> doomed = values -> false;
  private String calculatorField;

  /**
   * @param freeProperty a property no field is bound to, shown in {@code textField} as name=value
   * @param textField the free-text field of the record that carries it
   */
  public ScriptedModel(String freeProperty, String textField) {
    this.freeProperty = freeProperty;
    this.textField = textField;
  }

  /** The n-th first draft (from 1, in arrival order) shows a wrong free value when this says so. */
  public ScriptedModel misdrawing(Predicate<Integer> firstDraftNumbers) {
    this.misdrawing = firstDraftNumbers;
    return this;
  }

  /**
   * When the calculator is offered, the first draft call asks it for {@code 19.99 * 3} and the
   * record's {@code field} then holds the result it was sent.
   */
  public ScriptedModel usingTheCalculatorFor(String field) {
    this.calculatorField = field;
    return this;
  }

  /** Samples whose assigned values match are drafted wrong at every attempt. */
  public ScriptedModel doomed(Predicate<Map<String, String>> assignedValues) {
    this.doomed = assignedValues;
    return this;
  }

  @Override
  public FakeReply apply(FakeCall call) {
    String prompt = call.turns().get(0).text();
    Matcher task = TASK.matcher(prompt);
    if (!task.find()) {
      return FakeReply.text("{}");
    }
    Map<String, String> assigned = assigned(prompt);
    switch (task.group(1)) {
      case "outline":
        return FakeReply.text(
            "{\"parts\":[{\"title\":\"Summary\",\"notes\":\"what happened\"},"
                + "{\"title\":\"Details\",\"notes\":\"amounts and dates\"}]}");
      case "draft_record":
        if (calculatorField != null && call.toolNames().contains("calculator")) {
          if (call.lastToolResults().isEmpty()) {
            return new FakeReply.ToolUse("calculator", "{\"expression\":\"19.99 * 3\"}");
          }
          ObjectNode record = record(prompt, assigned, false);
          record.put(calculatorField, Double.parseDouble(call.lastToolResults().get(0).strip()));
          return FakeReply.text(record.toString());
        }
        return FakeReply.text(
            record(prompt, assigned, wrongFreeValue(prompt, assigned)).toString());
      case "draft_field":
        JsonNode value = record(prompt, assigned, false).path(task.group(2));
        return FakeReply.text("{\"value\":" + value.toString() + "}");
      case "critique":
        // The first cycle's coherence review asks for a change; everything else is fine.
        boolean revised = sampleText(prompt).contains("(revised)");
        return FakeReply.text(
            "coherence_flow".equals(task.group(2)) && !revised
                ? "{\"needs_changes\":true,\"issues\":[\"the text ends abruptly\"]}"
                : "{\"needs_changes\":false,\"issues\":[]}");
      case "rewrite":
        return FakeReply.text(rewritten(sampleText(prompt)));
      case "conformance_judge":
        return FakeReply.text(classification(prompt));
      case "draft_document":
        return FakeReply.text(
            "Dear shop,\n\nI write about my order. "
                + describe(assigned)
                + "\n\nKind regards,\nA customer");
      case "structural_judge":
        return FakeReply.text("{\"passes\":true,\"issues\":[]}");
      default:
        return FakeReply.text("{}");
    }
  }

  private static String describe(Map<String, String> assigned) {
    StringBuilder text = new StringBuilder();
    assigned.forEach((name, value) -> text.append(name).append('=').append(value).append(". "));
    return text.toString().strip();
  }

  /** The assigned property values listed in the prompt. */
  static Map<String, String> assigned(String prompt) {
    Map<String, String> values = new LinkedHashMap<>();
    int start = prompt.indexOf("## Assigned property values");
    int end = prompt.indexOf("\n## ", start + 1);
    if (start < 0) {
      return values;
    }
    Matcher line = ASSIGNED.matcher(prompt.substring(start, end < 0 ? prompt.length() : end));
    while (line.find()) {
      values.put(line.group(1), line.group(2).strip());
    }
    return values;
  }

  private boolean wrongFreeValue(String prompt, Map<String, String> assigned) {
    if (doomed.test(assigned)) {
      return true;
    }
    boolean retry = prompt.contains("## An earlier draft was rejected");
    return !retry && misdrawing.test(firstDrafts.incrementAndGet());
  }

  private ObjectNode record(String prompt, Map<String, String> assigned, boolean wrong) {
    ObjectNode record = FakeWire.JSON.createObjectNode();
    int start = prompt.indexOf("## Record fields");
    Matcher field = FIELD.matcher(prompt.substring(start, nextSection(prompt, start)));
    while (field.find()) {
      String name = field.group(1);
      String type = field.group(2);
      String rule = field.group(3);
      Matcher mustBe = MUST_BE.matcher(rule);
      Matcher from = FROM.matcher(rule);
      if (name.equals(textField)) {
        String free = assigned.getOrDefault(freeProperty, "");
        record.put(
            name,
            "A customer writes about the order. "
                + freeProperty
                + "="
                + (wrong ? "WRONG-" + free : free)
                + " and that is all.");
      } else if (mustBe.find()) {
        put(record, name, type, unquote(mustBe.group(1)));
      } else if (from.find()) {
        put(record, name, type, from.group(1));
      } else {
        put(record, name, type, null);
      }
    }
    return record;
  }

  private static void put(ObjectNode record, String name, String type, String value) {
    if ("null".equals(value)) {
      // A prompt that says a field must be null (its property drew the null pattern).
      record.putNull(name);
      return;
    }
    switch (type) {
      case "int":
      case "long":
        record.put(name, value == null ? 1 : (long) Double.parseDouble(value));
        break;
      case "float":
      case "double":
      case "decimal":
        record.put(name, value == null ? 12.5 : Double.parseDouble(value));
        break;
      case "boolean":
        record.put(name, value == null ? false : Boolean.parseBoolean(value));
        break;
      case "date":
        record.put(name, value == null ? "2024-06-01" : value);
        break;
      case "timestamp":
        record.put(name, value == null ? "2024-06-01T10:00:00Z" : value);
        break;
      default:
        record.put(name, value == null ? name + " text" : value);
    }
  }

  private static String unquote(String value) {
    return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  private String rewritten(String sample) {
    try {
      ObjectNode record = (ObjectNode) FakeWire.JSON.readTree(sample);
      record.put(textField, record.path(textField).asText() + " (revised)");
      return record.toString();
    } catch (IOException | ClassCastException notARecord) {
      return sample + " (revised)";
    }
  }

  private String classification(String prompt) {
    String sample = sampleText(prompt);
    Map<String, String> answer = new LinkedHashMap<>();
    Matcher property = CLASSIFY.matcher(prompt);
    while (property.find()) {
      String name = property.group(1);
      Matcher shown = Pattern.compile(Pattern.quote(name) + "=([A-Za-z0-9_-]+)").matcher(sample);
      String value = shown.find() ? shown.group(1) : "";
      JsonNode allowed;
      try {
        allowed = FakeWire.JSON.readTree(property.group(2));
      } catch (IOException e) {
        throw new IllegalStateException("the judge prompt lists values that are not JSON", e);
      }
      String chosen = allowed.get(0).asText();
      for (JsonNode candidate : allowed) {
        if (candidate.asText().equals(value)) {
          chosen = value;
        }
      }
      if (value.startsWith("WRONG-")) {
        // Shows something else than the assigned value: the first other value.
        String intended = value.substring("WRONG-".length());
        for (JsonNode candidate : allowed) {
          if (!candidate.asText().equals(intended)) {
            chosen = candidate.asText();
            break;
          }
        }
      }
      answer.put(name, chosen);
    }
    try {
      return FakeWire.JSON.writeValueAsString(answer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sample between the prompt's sample tags, unescaped enough for a fake. */
  private static String sampleText(String prompt) {
    int open = prompt.indexOf("<sample>");
    int close = prompt.indexOf("</sample>", open);
    return open < 0 || close < 0 ? "" : prompt.substring(open + "<sample>".length(), close).strip();
  }

  private static int nextSection(String prompt, int from) {
    int next = prompt.indexOf("\n## ", from + 3);
    return next < 0 ? prompt.length() : next;
  }
}
