package ai.dataframer.beam.io.store;

/** A spec, spec version or run that the store does not hold. */
public class NotInStoreException extends IllegalArgumentException {
  public NotInStoreException(String message) {
    super(message);
  }
}
