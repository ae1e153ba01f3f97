package ai.dataframer.beam.core.request;

import java.util.Optional;

/**
 * Where calls for a model id go, and which environment variable holds the key (docs/ARCHITECTURE.md
 * section 7).
 */
public enum ModelProvider {
  ANTHROPIC("ANTHROPIC_API_KEY"),
  OPENAI("OPENAI_API_KEY"),
  /** Together AI, OpenAI-compatible: openai/gpt-oss-120b, deepseek-ai/*, moonshotai/*. */
  TOGETHER("TOGETHER_API_KEY"),
  GEMINI("GEMINI_API_KEY"),
  /** Credentials come from the request's databricks_* fields, not the environment. */
  DATABRICKS(null),
  /** Any OpenAI-compatible server; its key is optional, so none is required. */
  OPENAI_COMPATIBLE(null),
  /** The in-process statistical engine. */
  EMBEDDED(null);

  private final String keyVariable;

  ModelProvider(String keyVariable) {
    this.keyVariable = keyVariable;
  }

  /** The environment variable that must hold an API key, when the provider needs one. */
  public Optional<String> keyVariable() {
    return Optional.ofNullable(keyVariable);
  }
}
