package ai.dataframer.beam.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a chat request: SHA-256 (lower-case hex) of a canonical JSON form holding
 * everything that can change the answer. That is the route (provider, API model, thinking), the
 * model id, every parameter (system prompt and its cache point, output and thinking budgets,
 * temperature, JSON output, tools) and every message part in order. Keys are sorted and every field
 * is always written (null when unset), so equal requests give equal keys on any JVM, and a change
 * to any one field gives another.
 *
 * <p>The form starts with a format version: changing what goes in bumps it, so old cache entries
 * are never mistaken for new ones.
 */
public final class RequestKey {
  /** Bumped whenever the canonical form changes. */
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestKey() {}

  /**
   * The key of {@code request}.
   *
   * @throws IllegalArgumentException when the request's model id has no route (unknown, embedded)
   */
  public static String of(ChatRequest request) {
    return of(request, ModelCatalogData.bundled());
  }

  /**
   * The key of {@code request} routed by {@code catalog}: the provider model name is part of it, so
   * a re-pointed model id gets its own answers.
   *
   * @throws IllegalArgumentException when the request's model id has no route (unknown, embedded)
   */
  public static String of(ChatRequest request, ModelCatalogData catalog) {
    return sha256Hex(canonicalJson(request, catalog));
  }

  /** The text that is hashed; for tests and debugging. */
  static String canonicalJson(ChatRequest request) {
    return canonicalJson(request, ModelCatalogData.bundled());
  }

  static String canonicalJson(ChatRequest request, ModelCatalogData catalog) {
    ModelRoute route = catalog.route(request.modelId());
    Map<String, Object> form = new TreeMap<>();
    form.put("format", FORMAT_VERSION);
    form.put("provider", route.provider().name());
    form.put("apiModel", route.apiModel());
    form.put("thinking", route.thinking());
    form.put("modelId", request.modelId());
    form.put("system", request.system());
    form.put("systemCachePoint", request.systemCachePoint());
    form.put("maxOutputTokens", request.maxOutputTokens());
    form.put("temperature", request.temperature());
    form.put("thinkingBudget", request.thinkingBudget());
    form.put("jsonOutput", jsonOutput(request.jsonOutput()));
    form.put("tools", tools(request.tools()));
    form.put("messages", messages(request.messages()));
    try {
      return JSON.writeValueAsString(form);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a request as JSON", e);
    }
  }

  private static Map<String, Object> jsonOutput(JsonOutput output) {
    if (output == null) {
      return null;
    }
    Map<String, Object> form = new TreeMap<>();
    form.put("schemaName", output.schemaName());
    form.put("schemaJson", output.schemaJson());
    return form;
  }

  private static List<Object> tools(List<ToolSpec> tools) {
    List<Object> forms = new ArrayList<>();
    for (ToolSpec tool : tools) {
      Map<String, Object> form = new TreeMap<>();
      form.put("name", tool.name());
      form.put("description", tool.description());
      form.put("inputSchemaJson", tool.inputSchemaJson());
      forms.add(form);
    }
    return forms;
  }

  private static List<Object> messages(List<ChatMessage> messages) {
    List<Object> forms = new ArrayList<>();
    for (ChatMessage message : messages) {
      List<Object> parts = new ArrayList<>();
      for (ContentPart part : message.parts()) {
        parts.add(part(part));
      }
      Map<String, Object> form = new TreeMap<>();
      form.put("role", message.role().name());
      form.put("parts", parts);
      forms.add(form);
    }
    return forms;
  }

  private static Map<String, Object> part(ContentPart part) {
    Map<String, Object> form = new TreeMap<>();
    if (part instanceof ContentPart.Text text) {
      form.put("type", "text");
      form.put("text", text.text());
      form.put("cachePoint", text.cachePoint());
    } else if (part instanceof ContentPart.ToolCall call) {
      form.put("type", "tool_call");
      form.put("id", call.id());
      form.put("name", call.name());
      form.put("argumentsJson", call.argumentsJson());
    } else if (part instanceof ContentPart.ToolResult result) {
      form.put("type", "tool_result");
      form.put("toolCallId", result.toolCallId());
      form.put("toolName", result.toolName());
      form.put("content", result.content());
      form.put("isError", result.isError());
    } else if (part instanceof ContentPart.ProviderBlock block) {
      form.put("type", "provider_block");
      form.put("provider", block.provider());
      form.put("json", block.json());
    } else {
      // ContentPart is sealed; a new kind must be added here or it would not change the key.
      throw new IllegalStateException("no canonical form for " + part.getClass().getName());
    }
    return form;
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
