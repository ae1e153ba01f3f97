package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths and URIs of an output and of the locations a run must not write into (seeds, the store),
 * compared in one exact form: local paths absolute, normalized and with symlinks resolved where
 * they exist; URIs of other filesystems as written, without a trailing '/' (docs/atomic-refresh.md,
 * "Refusals").
 */
final class OutputLocations {
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  private static final Pattern GLOB_CHARS = Pattern.compile("[*?\\[{]");

  private OutputLocations() {}

  /**
   * The location in absolute form: a scheme-less path resolved against the working directory once,
   * here, so that workers and later comparisons see the same folder; {@code file:} URIs become
   * local paths; other URIs lose trailing slashes.
   */
  static String absolute(String location) {
    if (location.startsWith("file:")) {
      try {
        return Path.of(URI.create(location)).toAbsolutePath().normalize().toString();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + location + "' is not a file URI; write file:///ABSOLUTE/PATH or a plain path", e);
      }
    }
    if (URI_SCHEME.matcher(location).matches()) {
      String trimmed = location;
      while (trimmed.endsWith("/") && !trimmed.endsWith("://")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return trimmed;
    }
    return Path.of(location).toAbsolutePath().normalize().toString();
  }

  /** The local path of an absolute location, empty for other filesystems. */
  static Optional<Path> localPath(String absolute) {
    return URI_SCHEME.matcher(absolute).matches()
        ? Optional.empty()
        : Optional.of(Path.of(absolute));
  }

  /** The absolute location with symlinks resolved in the part of it that exists. */
  static String canonical(String absolute) {
    Optional<Path> local = localPath(absolute);
    if (local.isEmpty()) {
      return absolute;
    }
    Path existing = local.get();
    Path rest = existing.getFileSystem().getPath("");
    while (existing != null && !Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    if (existing == null) {
      return local.get().toString();
    }
    try {
      return existing.toRealPath().resolve(rest).normalize().toString();
    } catch (IOException e) {
      return local.get().toString();
    }
  }

  /** Whether {@code inner} is {@code outer} or lies below it; both canonical. */
  static boolean within(String inner, String outer) {
    if (inner.equals(outer)) {
      return true;
    }
    String folder = outer.endsWith("/") ? outer : outer + "/";
    return inner.startsWith(folder);
  }

  /**
   * Why an output at {@code output} (canonical) must not be written, given one protected location
   * as the caller named it (a path, a folder or a glob), or empty when they do not overlap.
   *
   * @param outputFiles sample paths below the output that a run writes, canonical
   */
  static Optional<String> conflict(String output, List<String> outputFiles, String protectedPath) {
    java.util.regex.Matcher glob = GLOB_CHARS.matcher(protectedPath);
    if (!glob.find()) {
      String guarded = canonical(absolute(protectedPath));
      if (within(guarded, output)) {
        return Optional.of("contains " + named(protectedPath, guarded));
      }
      if (within(output, guarded)) {
        return Optional.of("is inside " + named(protectedPath, guarded));
      }
      return Optional.empty();
    }
    // A glob: the folder before its first wildcard, then the wildcard part as a regex.
    int slash = protectedPath.lastIndexOf('/', glob.start());
    String base = slash < 0 ? "." : protectedPath.substring(0, Math.max(slash, 1));
    String pattern = slash < 0 ? protectedPath : protectedPath.substring(slash + 1);
    String guardedBase = canonical(absolute(base));
    if (within(guardedBase, output)) {
      return Optional.of("contains " + named(protectedPath, guardedBase + "/" + pattern));
    }
    String folder = guardedBase.endsWith("/") ? guardedBase : guardedBase + "/";
    Pattern matches = Pattern.compile(Pattern.quote(folder) + globRegex(pattern));
    for (String file : outputFiles) {
      if (matches.matcher(file).matches()) {
        return Optional.of(
            "is inside "
                + named(protectedPath, folder + pattern)
                + ": the glob matches "
                + file
                + ", which a run writes");
      }
    }
    return Optional.empty();
  }

  private static String named(String given, String resolved) {
    return given.equals(resolved) ? given : given + " (" + resolved + ")";
  }

  /** Beam's glob syntax: '*' within a name, '**' across folders, '?', [set] and {a,b}. */
  static String globRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i += 2;
        continue;
      }
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '{' -> {
          braces++;
          regex.append("(?:");
        }
        case '}' -> {
          braces--;
          regex.append(braces >= 0 ? ")" : "\\}");
          braces = Math.max(braces, 0);
        }
        case ',' -> regex.append(braces > 0 ? "|" : ",");
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            regex.append("\\[");
          } else {
            String set = glob.substring(i + 1, close);
            regex.append('[');
            regex.append(set.startsWith("!") ? "^" + set.substring(1) : set);
            regex.append(']');
            i = close;
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return regex.toString();
  }
}
