package ai.dataframer.beam.testing;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.FileSystemUtils;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.rules.ExternalResource;
import org.junit.rules.TestRule;

/**
 * An in-memory object store that stands in for Cloud Storage under the {@code gs} scheme, with its
 * semantics: flat object names, no directories (a "folder" exists only as a prefix of objects), a
 * glob's {@code *} stops at {@code /}, a missing object is NOT_FOUND, deleting one that is missing
 * is not an error. Code that reaches gs:// through Beam FileSystems works on it unchanged; code
 * that goes around FileSystems (java.nio on a gs:// string) fails as it would on the real store.
 *
 * <p>{@link #install()} puts it in place of Beam's GcsFileSystem for the calling thread: Beam finds
 * filesystems with ServiceLoader on the thread's context class loader, so a loader that hides
 * GcsFileSystemRegistrar and lists this one swaps them, with no network and no mocks.
 */
public final class FakeObjectStore {
  private static final String SERVICE = "META-INF/services/" + FileSystemRegistrar.class.getName();
  private static final Map<String, byte[]> OBJECTS = Collections.synchronizedMap(new TreeMap<>());

  private FakeObjectStore() {}

  /** Swaps Cloud Storage for the fake, empty, until the returned handle is closed. */
  public static Installed install() throws IOException {
    OBJECTS.clear();
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    Path services = Files.createTempDirectory("fake-gcs-services");
    Path file = services.resolve(SERVICE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, Registrar.class.getName() + "\n");
    URL ours = file.toUri().toURL();
    thread.setContextClassLoader(
        new ClassLoader(original) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            if (!SERVICE.equals(name)) {
              return super.getResources(name);
            }
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(super.getResources(name))) {
              String text;
              try (var in = url.openStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
              if (!text.contains("GcsFileSystemRegistrar")) {
                kept.add(url);
              }
            }
            kept.add(ours);
            return Collections.enumeration(kept);
          }
        });
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    return () -> {
      thread.setContextClassLoader(original);
      // Back to the real registrars, for the tests that run after this one in the same JVM.
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
      OBJECTS.clear();
      try {
        Files.delete(file);
        Files.delete(file.getParent());
        Files.delete(file.getParent().getParent());
        Files.delete(services);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** {@link #install()} around each test of a class: {@code @Rule public final TestRule ...}. */
  public static TestRule installedForEachTest() {
    return new ExternalResource() {
      private Installed installed;

      @Override
      protected void before() throws IOException {
        installed = install();
      }

      @Override
      protected void after() {
        installed.close();
      }
    };
  }

  /** The store's content while installed; undone by {@link AutoCloseable#close()}. */
  public interface Installed extends AutoCloseable {
    @Override
    void close();
  }

  /** Object names (gs://bucket/name) in order. */
  public static List<String> names() {
    synchronized (OBJECTS) {
      return new ArrayList<>(OBJECTS.keySet());
    }
  }

  public static String read(String uri) {
    byte[] bytes = OBJECTS.get(uri);
    if (bytes == null) {
      throw new AssertionError("no object " + uri + " in the fake store; it has " + names());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static void write(String uri, byte[] content) {
    OBJECTS.put(uri, content.clone());
  }

  /** Registers the fake for {@code gs}; listed only by the loader {@link #install()} sets. */
  public static final class Registrar implements FileSystemRegistrar {
    @Override
    public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
      return List.of(new Store());
    }
  }

  /** An object name: {@code gs://bucket/a/b}, a "directory" when it ends with a slash. */
  static final class Id implements ResourceId {
    private static final long serialVersionUID = 1L;
    private final String uri;

    Id(String uri) {
      this.uri = uri;
    }

    @Override
    public ResourceId resolve(String other, ResolveOptions options) {
      if (!isDirectory()) {
        throw new IllegalStateException("cannot resolve against a file: " + uri);
      }
      boolean directory = options == ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY;
      String name = directory && !other.endsWith("/") ? other + "/" : other;
      return new Id(uri + name);
    }

    @Override
    public ResourceId getCurrentDirectory() {
      return isDirectory() ? this : new Id(uri.substring(0, uri.lastIndexOf('/') + 1));
    }

    @Override
    public String getScheme() {
      return "gs";
    }

    @Override
    public String getFilename() {
      String path = isDirectory() ? uri.substring(0, uri.length() - 1) : uri;
      return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isDirectory() {
      return uri.endsWith("/");
    }

    @Override
    public String toString() {
      return uri;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Id id && id.uri.equals(uri);
    }

    @Override
    public int hashCode() {
      return uri.hashCode();
    }
  }

  static final class Store extends FileSystem<Id> {
    @Override
    protected List<MatchResult> match(List<String> specs) {
      List<MatchResult> results = new ArrayList<>();
      for (String spec : specs) {
        List<MatchResult.Metadata> found = new ArrayList<>();
        if (spec.matches(".*[*?\\[{].*")) {
          Pattern glob = Pattern.compile(FileSystemUtils.wildcardToRegexp(spec));
          for (String name : names()) {
            if (glob.matcher(name).matches()) {
              found.add(metadata(name));
            }
          }
        } else if (OBJECTS.containsKey(spec)) {
          found.add(metadata(spec));
        }
        results.add(
            found.isEmpty()
                ? MatchResult.create(MatchResult.Status.NOT_FOUND, new FileNotFoundException(spec))
                : MatchResult.create(MatchResult.Status.OK, found));
      }
      return results;
    }

    private static MatchResult.Metadata metadata(String name) {
      byte[] bytes = OBJECTS.get(name);
      return MatchResult.Metadata.builder()
          .setResourceId(new Id(name))
          .setSizeBytes(bytes == null ? 0 : bytes.length)
          .setIsReadSeekEfficient(true)
          .setLastModifiedMillis(0L)
          .build();
    }

    @Override
    protected WritableByteChannel create(Id id, CreateOptions options) {
      ByteArrayOutputStream buffer =
          new ByteArrayOutputStream() {
            @Override
            public void close() {
              // Like an upload: the object appears whole, when the writer closes.
              OBJECTS.put(id.uri, toByteArray());
            }
          };
      return Channels.newChannel(buffer);
    }

    @Override
    protected ReadableByteChannel open(Id id) throws IOException {
      byte[] bytes = OBJECTS.get(id.uri);
      if (bytes == null) {
        throw new FileNotFoundException(id.uri);
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new ReadableByteChannel() {
        private boolean open = true;

        @Override
        public int read(ByteBuffer dst) {
          if (!buffer.hasRemaining()) {
            return -1;
          }
          int n = Math.min(dst.remaining(), buffer.remaining());
          ByteBuffer slice = buffer.slice();
          slice.limit(n);
          dst.put(slice);
          buffer.position(buffer.position() + n);
          return n;
        }

        @Override
        public boolean isOpen() {
          return open;
        }

        @Override
        public void close() {
          open = false;
        }
      };
    }

    @Override
    protected void copy(List<Id> sources, List<Id> destinations) throws IOException {
      for (int i = 0; i < sources.size(); i++) {
        byte[] bytes = OBJECTS.get(sources.get(i).uri);
        if (bytes == null) {
          throw new FileNotFoundException(sources.get(i).uri);
        }
        OBJECTS.put(destinations.get(i).uri, bytes);
      }
    }

    @Override
    protected void rename(List<Id> sources, List<Id> destinations, MoveOptions... options)
        throws IOException {
      boolean ignoreMissing =
          List.of(options).contains(MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      for (int i = 0; i < sources.size(); i++) {
        byte[] bytes = OBJECTS.remove(sources.get(i).uri);
        if (bytes == null) {
          if (ignoreMissing) {
            continue;
          }
          throw new FileNotFoundException(sources.get(i).uri);
        }
        OBJECTS.put(destinations.get(i).uri, bytes);
      }
    }

    @Override
    protected void delete(Collection<Id> ids) {
      for (Id id : ids) {
        OBJECTS.remove(id.uri);
      }
    }

    @Override
    protected Id matchNewResource(String spec, boolean isDirectory) {
      return new Id(isDirectory && !spec.endsWith("/") ? spec + "/" : spec);
    }

    @Override
    protected String getScheme() {
      return "gs";
    }
  }
}
