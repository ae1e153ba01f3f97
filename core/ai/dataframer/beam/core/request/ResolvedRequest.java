package ai.dataframer.beam.core.request;

import java.util.List;
import java.util.Optional;

/**
 * A request with its model fields resolved against the environment.
 *
 * @param notice a one-line message for the user when a model was chosen for them
 * @param violations models whose API key is missing; empty when the request can run
 */
public record ResolvedRequest<T>(T request, Optional<String> notice, List<String> violations) {
  public ResolvedRequest {
    violations = List.copyOf(violations);
  }

  /** The resolved request, or a {@link RequestValidationException} naming every missing key. */
  public T requireValid() {
    RequestValidationException.throwIfAny(
        request.getClass().getSimpleName() + " request", violations);
    return request;
  }
}
