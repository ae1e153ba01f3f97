package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.SpecStatus;
import com.fasterxml.jackson.core.JacksonException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The version files of one spec folder: claims {@code v<N>.json} and contents {@code v<N>.yaml}
 * (docs/ARCHITECTURE.md, "Spec store"). Reading them also ends stale claims: a PROCESSING claim
 * whose owner is gone becomes FAILED, so a killed job never leaves a version PROCESSING for ever.
 */
final class VersionClaims implements Serializable {
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,8})\\.(json|yaml)");

  private final Clock clock;

  VersionClaims(Clock clock) {
    this.clock = clock;
  }

  static ResourceId claimFile(ResourceId directory, int version) {
    return StoreFiles.file(directory, "v" + version + ".json");
  }

  static ResourceId yamlFile(ResourceId directory, int version) {
    return StoreFiles.file(directory, "v" + version + ".yaml");
  }

  /**
   * Every version of the spec in {@code directory}, by number, stale claims reconciled. A version
   * file without a claim predates claims and counts as SUCCEEDED; an unreadable claim counts as
   * FAILED, with the problem as its error, so it neither blocks the spec nor is read as a spec.
   */
  List<SpecVersion> readAll(ResourceId directory) {
    Map<Integer, Boolean> hasClaim = new TreeMap<>();
    for (MatchResult.Metadata file : StoreFiles.match(directory + "v*")) {
      Matcher matcher = VERSION_FILE.matcher(file.resourceId().getFilename());
      if (matcher.matches()) {
        hasClaim.merge(
            Integer.parseInt(matcher.group(1)),
            matcher.group(2).equals("json"),
            Boolean::logicalOr);
      }
    }
    List<SpecVersion> versions = new ArrayList<>();
    for (Map.Entry<Integer, Boolean> entry : hasClaim.entrySet()) {
      int version = entry.getKey();
      if (!entry.getValue()) {
        versions.add(new SpecVersion(version, SpecStatus.SUCCEEDED, null, null, null, null));
        continue;
      }
      SpecVersion claim;
      try {
        claim = read(directory, version);
      } catch (CorruptRecordException e) {
        claim =
            new SpecVersion(
                version, SpecStatus.FAILED, null, null, "unreadable claim " + e.getMessage(), null);
      }
      versions.add(reconcile(directory, claim));
    }
    return versions;
  }

  /**
   * @throws NotInStoreException when the version was never claimed
   * @throws CorruptRecordException when the claim file is unreadable
   */
  SpecVersion read(ResourceId directory, int version) {
    ResourceId file = claimFile(directory, version);
    if (!StoreFiles.exists(file)) {
      throw new NotInStoreException("version " + version + " was never claimed (no " + file + ")");
    }
    SpecVersion claim;
    try {
      claim = StoreFiles.JSON.readValue(StoreFiles.read(file), SpecVersion.class);
    } catch (JacksonException e) {
      throw new CorruptRecordException(
          file.toString(), "not a valid version claim: " + e.getOriginalMessage(), e);
    }
    if (claim == null || claim.version() != version) {
      throw new CorruptRecordException(
          file.toString(),
          "claims version " + (claim == null ? "none" : claim.version()) + ", not " + version,
          null);
    }
    return claim;
  }

  /** Claims {@code version}: false when another job holds that number already. */
  boolean create(ResourceId directory, SpecVersion claim) {
    return StoreFiles.createIfAbsent(claimFile(directory, claim.version()), json(claim));
  }

  void write(ResourceId directory, SpecVersion claim) {
    StoreFiles.writeAtomically(claimFile(directory, claim.version()), json(claim));
  }

  String now() {
    return Instant.now(clock).toString();
  }

  /** A PROCESSING claim whose owner this machine knows has ended becomes FAILED, on disk too. */
  SpecVersion reconcile(ResourceId directory, SpecVersion claim) {
    JobOwner owner = claim.owner();
    if (claim.status() != SpecStatus.PROCESSING || owner == null || !owner.isGone()) {
      return claim;
    }
    SpecVersion failed =
        claim.failed(
            "the job that claimed it ended without finishing (" + owner.describe() + "); killed?",
            now());
    write(directory, failed);
    return failed;
  }

  private static String json(SpecVersion claim) {
    try {
      return StoreFiles.PRETTY.writeValueAsString(claim);
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "cannot write the claim of version " + claim.version() + ": " + e.getMessage(), e);
    }
  }
}
