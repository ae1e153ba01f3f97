package ai.dataframer.beam.core.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs a job, recorded beside what the job claims (a PROCESSING run or spec
 * version, a staging folder) so that a later command can tell a live job from one that was killed
 * ({@code kill -9}, a scheduler timeout, a lost machine) and end its record instead of leaving it
 * PROCESSING for ever (docs/ARCHITECTURE.md, "Run lifecycle").
 *
 * @param host the machine's host name
 * @param pid the process id
 * @param processStart ISO-8601 instant the process started, which tells a reused pid apart
 */
public record JobOwner(
    @JsonProperty("host") String host,
    @JsonProperty("pid") long pid,
    @JsonProperty("process_start") String processStart)
    implements Serializable {

  private static final JobOwner CURRENT = find();

  /** This process. */
  public static JobOwner current() {
    return CURRENT;
  }

  /**
   * True only when this machine can tell for sure that the owner has ended: same host, and no live
   * process with that pid and start time. A job on another host is never declared gone here.
   * Ignored by JSON: it is a question asked now, not a property of the owner.
   */
  @JsonIgnore
  public boolean isGone() {
    if (!CURRENT.host.equals(host)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    return processStart != null && !processStart.equals(startOf(process.get()));
  }

  /** "pid 123 on host h", for messages. */
  public String describe() {
    return "pid " + pid + " on " + host;
  }

  private static JobOwner find() {
    ProcessHandle self = ProcessHandle.current();
    return new JobOwner(hostName(), self.pid(), startOf(self));
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse(null);
  }

  /** The host name, read the same way by every process of this machine. */
  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or no such file: ask the resolver instead.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "localhost";
    }
  }
}
