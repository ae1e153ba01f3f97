package ai.dataframer.beam.testing;

/** JUnit category of tests that need the SparkRunner; the {@code spark} Maven profile runs them. */
public interface SparkTests {}
