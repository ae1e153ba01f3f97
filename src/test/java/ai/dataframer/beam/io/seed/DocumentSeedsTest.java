package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.run.Failure;
import ai.dataframer.beam.core.seed.SeedException;
import ai.dataframer.beam.io.record.FailureRows;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DocumentSeedsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private String write(String name, String content) throws IOException {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private String write(String name, byte[] content) throws IOException {
    File file = new File(folder.getRoot(), name);
    Files.write(file.toPath(), content);
    return file.getAbsolutePath();
  }

  private static Row document(String path, String text) {
    return Row.withSchema(DocumentSeeds.SCHEMA).addValues(path, text).build();
  }

  @Test
  public void readsOneRowPerDocumentAndReportsFilesThatAreNotDocuments() throws IOException {
    String letter = write("letter.txt", "\uFEFFDear shop,\nmy laptop is broken.\n");
    String notes = write("notes.MD", "# Notes\n- refund\n");
    String ticket =
        write("ticket.json", "{\"subject\": \"late order\", \"body\": \"where is it?\"}");
    String badJson = write("bad.json", "{\"subject\": ");
    String empty = write("empty.txt", "  \n");
    String latin1 = write("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9});
    String image = write("photo.png", new byte[] {1, 2, 3});
    write(".DS_Store", new byte[] {0});

    SeedReadResult result = pipeline.apply(DocumentSeeds.read(folder.getRoot().getAbsolutePath()));

    PAssert.that(result.getRows())
        .containsInAnyOrder(
            document(letter, "Dear shop,\nmy laptop is broken.\n"),
            document(notes, "# Notes\n- refund\n"),
            document(ticket, "{\"subject\": \"late order\", \"body\": \"where is it?\"}"));
    PAssert.that(result.getFailures())
        .satisfies(
            rows -> {
              List<String> failures = new ArrayList<>();
              for (Row row : rows) {
                Failure failure = FailureRows.fromRow(row);
                assertEquals("seed_read", failure.stage());
                failures.add(failure.source() + ": " + failure.reason());
              }
              failures.sort(null);
              List<String> expected =
                  new ArrayList<>(
                      List.of(
                          badJson
                              + ": not valid JSON: Unexpected end-of-input within/between Object entries at line 1, column 13",
                          empty + ": the document is empty",
                          latin1 + ": not UTF-8 text",
                          image + ": not a document: seed documents are .txt, .md, .json files"));
              expected.sort(null);
              assertEquals(expected, failures);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void anEmptyFolderFailsNamingIt() {
    String root = folder.getRoot().getAbsolutePath();

    SeedException e = assertThrows(SeedException.class, () -> DocumentSeeds.inspect(root));

    assertThat(e.getMessage(), containsString("seed document folder " + root + " has no files"));
  }

  @Test
  public void aFolderWithoutDocumentsFailsNamingWhatItHas() throws IOException {
    write("table.csv", "a,b\n1,2\n");
    String root = folder.getRoot().getAbsolutePath() + "/";

    SeedException e = assertThrows(SeedException.class, () -> DocumentSeeds.inspect(root));

    assertEquals(
        "seed document folder "
            + root
            + " has no .txt, .md, .json documents; it has 1 other"
            + " files, such as table.csv",
        e.getMessage());
  }

  @Test
  public void aFolderOfEmptyDocumentsFails() throws IOException {
    write("a.txt", "");
    write("b.md", "\n\n");
    String root = folder.getRoot().getAbsolutePath();

    SeedException e = assertThrows(SeedException.class, () -> DocumentSeeds.inspect(root));

    assertEquals("the seed documents in " + root + " are all empty (2 files)", e.getMessage());
  }

  @Test
  public void anUnreadableDocumentFailsNamingIt() throws IOException {
    // Reading /proc/self/mem from its start fails with EIO even for root, which file modes do not
    // stop.
    org.junit.Assume.assumeTrue(new File("/proc/self/mem").exists());
    Files.createSymbolicLink(
        new File(folder.getRoot(), "link.txt").toPath(), new File("/proc/self/mem").toPath());
    write("ok.txt", "fine");
    String root = folder.getRoot().getAbsolutePath();

    SeedException e = assertThrows(SeedException.class, () -> DocumentSeeds.inspect(root));

    assertThat(e.getMessage(), containsString("cannot read seed document " + root + "/link.txt"));
  }

  @Test
  public void aFolderAGlobOrOneFileNameTheFilesToRead() {
    assertEquals("gs://b/docs/*", DocumentSeeds.pattern("gs://b/docs/"));
    assertEquals("/seeds/docs/*", DocumentSeeds.pattern("/seeds/docs"));
    assertEquals("/seeds/docs/*.md", DocumentSeeds.pattern("/seeds/docs/*.md"));
    assertEquals("/seeds/one.TXT", DocumentSeeds.pattern("/seeds/one.TXT"));
  }
}
