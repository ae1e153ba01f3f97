package ai.dataframer.beam.core.spec;

import java.io.Serializable;

/** Length profile of a free-text field, in words. */
public record TextProfile(int minWords, int medianWords, int maxWords) implements Serializable {}
