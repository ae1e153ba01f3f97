package ai.dataframer.beam.core.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.Test;

public class RequestKeyTest {
  private static final String MODEL = "anthropic/claude-sonnet-4-6";
  private static final ToolSpec LOOKUP =
      new ToolSpec("lookup", "finds a row", "{\"type\":\"object\"}");
  private static final ToolSpec COUNT =
      new ToolSpec("count", "counts rows", "{\"type\":\"object\"}");

  /** A request using every field, built afresh each time so equality is by value. */
  private static ChatRequest base() {
    return new ChatRequest(
        MODEL,
        "You write orders.",
        true,
        List.of(
            new ChatMessage(
                ChatMessage.Role.USER,
                List.of(
                    new ContentPart.Text("Seed rows:", true),
                    new ContentPart.Text("Write one order."))),
            new ChatMessage(
                ChatMessage.Role.ASSISTANT,
                List.of(new ContentPart.ToolCall("call_1", "lookup", "{\"id\":7}"))),
            new ChatMessage(
                ChatMessage.Role.USER,
                List.of(new ContentPart.ToolResult("call_1", "lookup", "{\"sku\":\"A\"}", false)))),
        2048,
        0.7,
        null,
        JsonOutput.withSchema("order", "{\"type\":\"object\"}"),
        List.of(LOOKUP, COUNT),
        7L);
  }

  private static ChatRequest with(UnaryOperator<Fields> change) {
    Fields f = change.apply(new Fields(base()));
    return new ChatRequest(
        f.modelId,
        f.system,
        f.systemCachePoint,
        f.messages,
        f.maxOutputTokens,
        f.temperature,
        f.thinkingBudget,
        f.jsonOutput,
        f.tools,
        f.order);
  }

  /** The request's fields, to change one at a time. */
  private static final class Fields {
    String modelId;
    String system;
    boolean systemCachePoint;
    List<ChatMessage> messages;
    int maxOutputTokens;
    Double temperature;
    Integer thinkingBudget;
    JsonOutput jsonOutput;
    List<ToolSpec> tools;
    Long order;

    Fields(ChatRequest r) {
      modelId = r.modelId();
      system = r.system();
      systemCachePoint = r.systemCachePoint();
      messages = r.messages();
      maxOutputTokens = r.maxOutputTokens();
      temperature = r.temperature();
      thinkingBudget = r.thinkingBudget();
      jsonOutput = r.jsonOutput();
      tools = r.tools();
      order = r.order();
    }

    Fields set(java.util.function.Consumer<Fields> setter) {
      setter.accept(this);
      return this;
    }
  }

  private static ChatMessage firstUser(ContentPart... parts) {
    return new ChatMessage(ChatMessage.Role.USER, List.of(parts));
  }

  private static List<ChatMessage> replaceFirst(List<ChatMessage> messages, ChatMessage first) {
    List<ChatMessage> changed = new java.util.ArrayList<>(messages);
    changed.set(0, first);
    return changed;
  }

  @Test
  public void identicalRequestsHaveTheSameKey() {
    String key = RequestKey.of(base());
    assertEquals(key, RequestKey.of(base()));
    assertTrue(key, key.matches("[0-9a-f]{64}"));
    assertEquals(
        RequestKey.of(ChatRequest.builder(MODEL).user("hi").build()),
        RequestKey.of(ChatRequest.builder(MODEL).user("hi").build()));
  }

  @Test
  public void theQueueOrderIsNotPartOfTheKey() {
    // The same prompt for sample 7 and for sample 9 has the same answer to cache.
    assertEquals(RequestKey.of(base()), RequestKey.of(with(f -> f.set(x -> x.order = 9L))));
    assertEquals(RequestKey.of(base()), RequestKey.of(with(f -> f.set(x -> x.order = null))));
  }

  @Test
  public void changingAnyOneFieldGivesAnotherKey() {
    Map<String, ChatRequest> variants = new LinkedHashMap<>();
    variants.put("base", base());
    variants.put("model", with(f -> f.set(x -> x.modelId = "anthropic/claude-opus-4-6")));
    variants.put(
        "thinking model",
        with(
            f ->
                f.set(
                    x -> {
                      x.modelId = MODEL + "-thinking";
                    })));
    variants.put(
        "same model via databricks",
        with(f -> f.set(x -> x.modelId = "databricks/databricks-claude-sonnet-4-6")));
    variants.put("system", with(f -> f.set(x -> x.system = "You write invoices.")));
    variants.put("no system", with(f -> f.set(x -> x.system = null)));
    variants.put("empty system", with(f -> f.set(x -> x.system = "")));
    variants.put("system cache point", with(f -> f.set(x -> x.systemCachePoint = false)));
    variants.put("max output tokens", with(f -> f.set(x -> x.maxOutputTokens = 2049)));
    variants.put("temperature", with(f -> f.set(x -> x.temperature = 0.8)));
    variants.put("default temperature", with(f -> f.set(x -> x.temperature = null)));
    variants.put("thinking budget", with(f -> f.set(x -> x.thinkingBudget = 4096)));
    variants.put("no json output", with(f -> f.set(x -> x.jsonOutput = null)));
    variants.put("any json object", with(f -> f.set(x -> x.jsonOutput = JsonOutput.anyObject())));
    variants.put(
        "schema name",
        with(
            f ->
                f.set(
                    x ->
                        x.jsonOutput = JsonOutput.withSchema("invoice", "{\"type\":\"object\"}"))));
    variants.put(
        "schema",
        with(
            f ->
                f.set(x -> x.jsonOutput = JsonOutput.withSchema("order", "{\"type\":\"array\"}"))));
    variants.put("no tools", with(f -> f.set(x -> x.tools = List.of())));
    variants.put("one tool fewer", with(f -> f.set(x -> x.tools = List.of(LOOKUP))));
    variants.put("tools reordered", with(f -> f.set(x -> x.tools = List.of(COUNT, LOOKUP))));
    variants.put(
        "tool description",
        with(
            f ->
                f.set(
                    x ->
                        x.tools =
                            List.of(
                                new ToolSpec("lookup", "finds rows", "{\"type\":\"object\"}"),
                                COUNT))));
    variants.put(
        "tool schema",
        with(
            f ->
                f.set(
                    x ->
                        x.tools =
                            List.of(
                                new ToolSpec(
                                    "lookup",
                                    "finds a row",
                                    "{\"type\":\"object\",\"required\":[]}"),
                                COUNT))));
    variants.put(
        "message text",
        with(
            f ->
                f.set(
                    x ->
                        x.messages =
                            replaceFirst(
                                x.messages,
                                firstUser(
                                    new ContentPart.Text("Seed rows:", true),
                                    new ContentPart.Text("Write two."))))));
    variants.put(
        "message cache point",
        with(
            f ->
                f.set(
                    x ->
                        x.messages =
                            replaceFirst(
                                x.messages,
                                firstUser(
                                    new ContentPart.Text("Seed rows:"),
                                    new ContentPart.Text("Write one order."))))));
    variants.put(
        "parts joined",
        with(
            f ->
                f.set(
                    x ->
                        x.messages =
                            replaceFirst(
                                x.messages,
                                firstUser(
                                    new ContentPart.Text("Seed rows:Write one order.", true))))));
    variants.put("message dropped", with(f -> f.set(x -> x.messages = x.messages.subList(0, 1))));
    variants.put(
        "message added",
        with(
            f ->
                f.set(
                    x -> {
                      x.messages = new java.util.ArrayList<>(x.messages);
                      x.messages.add(ChatMessage.assistant("Done."));
                    })));
    variants.put(
        "tool call arguments",
        with(
            f ->
                f.set(
                    x -> {
                      x.messages = new java.util.ArrayList<>(x.messages);
                      x.messages.set(
                          1,
                          new ChatMessage(
                              ChatMessage.Role.ASSISTANT,
                              List.of(new ContentPart.ToolCall("call_1", "lookup", "{\"id\":8}"))));
                    })));
    variants.put(
        "thinking block",
        with(
            f ->
                f.set(
                    x -> {
                      x.messages = new java.util.ArrayList<>(x.messages);
                      x.messages.set(
                          1,
                          new ChatMessage(
                              ChatMessage.Role.ASSISTANT,
                              List.of(
                                  new ContentPart.ProviderBlock(
                                      "ANTHROPIC", "{\"type\":\"thinking\",\"signature\":\"s\"}"),
                                  new ContentPart.ToolCall("call_1", "lookup", "{\"id\":7}"))));
                    })));
    variants.put(
        "tool result error",
        with(
            f ->
                f.set(
                    x -> {
                      x.messages = new java.util.ArrayList<>(x.messages);
                      x.messages.set(
                          2,
                          new ChatMessage(
                              ChatMessage.Role.USER,
                              List.of(
                                  new ContentPart.ToolResult(
                                      "call_1", "lookup", "{\"sku\":\"A\"}", true))));
                    })));

    Map<String, String> keyToVariant = new LinkedHashMap<>();
    for (Map.Entry<String, ChatRequest> variant : variants.entrySet()) {
      String clash = keyToVariant.put(RequestKey.of(variant.getValue()), variant.getKey());
      assertEquals("'" + variant.getKey() + "' has the key of '" + clash + "'", null, clash);
    }
  }

  @Test
  public void theCanonicalFormHasSortedKeysAndAFormatVersion() {
    String json = RequestKey.canonicalJson(ChatRequest.builder(MODEL).user("hi").build());
    assertThat(json, startsWith("{\"apiModel\":\"claude-sonnet-4-6\",\"format\":1,"));
    assertTrue(json, json.contains("\"provider\":\"ANTHROPIC\""));
    assertTrue(json, json.contains("\"temperature\":null"));
  }

  @Test
  public void aModelWithoutARouteHasNoKey() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RequestKey.of(ChatRequest.builder("anthropic/claude-sonnet-4-5").user("hi").build()));
  }
}
