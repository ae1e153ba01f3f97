package ai.dataframer.beam.io.llm.http;

import ai.dataframer.beam.core.llm.Secret;

/**
 * Where a provider is reached and with which key.
 *
 * @param baseUrl the API root without a trailing slash, e.g. {@code https://api.anthropic.com}
 * @param apiKey the key, or null where the server needs none (local OpenAI-compatible servers)
 */
public record ProviderEndpoint(String baseUrl, Secret apiKey) {
  public ProviderEndpoint {
    if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "a base URL must start with http:// or https://, but was '" + baseUrl + "'");
    }
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }

  @Override
  public String toString() {
    return "ProviderEndpoint[" + baseUrl + ", key " + (apiKey == null ? "none" : "set") + "]";
  }
}
