package ai.dataframer.beam.testing;

/** JUnit category of tests that need the FlinkRunner; the {@code flink} Maven profile runs them. */
public interface FlinkTests {}
