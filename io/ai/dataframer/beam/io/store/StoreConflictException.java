package ai.dataframer.beam.io.store;

/**
 * A request the store's current state forbids: a taken name, a full version history, an existing
 * (immutable) version, or a spec not in the status the request needs.
 */
public class StoreConflictException extends IllegalStateException {
  public StoreConflictException(String message) {
    super(message);
  }
}
