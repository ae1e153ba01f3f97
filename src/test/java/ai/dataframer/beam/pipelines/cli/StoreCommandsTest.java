package ai.dataframer.beam.pipelines.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.core.spec.SpecYaml;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.TestSpecs;
import ai.dataframer.beam.testing.DeadOwners;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * The store commands on a store of several specs and runs, one spec and one manifest corrupt, one
 * spec and one run left behind by a killed job.
 */
public class StoreCommandsTest {
  /** Fails on anything after the first JSON value, so "JSON and nothing else" is checked. */
  static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private String store;
  private SpecStore specs;
  private Path brokenSpec;
  private Path brokenRun;

  record Result(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return STRICT.readTree(out);
    }
  }

  static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DataFramerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", store));
    return execute(all.toArray(String[]::new));
  }

  private Result ok(String... args) {
    Result result = cli(args);
    assertEquals(String.join(" ", args) + " said: " + result.err(), 0, result.exitCode());
    return result;
  }

  private static RunManifest run(String id, String specId, String createdAt, RunStatus status) {
    return RunManifest.builder()
        .id(id)
        .specId(specId)
        .specVersion(1)
        .status(status)
        .numberOfSamples(10)
        .samplesCompleted(status == RunStatus.SUCCEEDED ? 9 : 3)
        .samplesFailed(status == RunStatus.SUCCEEDED ? 1 : 0)
        .totalCost(0.25)
        .createdAt(createdAt)
        .completedAt(status.isTerminal() ? "2024-05-02T00:00:00Z" : null)
        .seed(7)
        .output("parquet:/out/" + id)
        .owner(status.isTerminal() ? null : DeadOwners.ofAnEndedProcess())
        .build();
  }

  @Before
  public void fillStore() throws IOException {
    store = folder.newFolder("store").getAbsolutePath();
    specs = SpecStore.at(store);
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("ticket_id", "INT64");
    columns.put("body", "STRING");
    specs.create("tickets", "seeds/tickets.csv", "support tickets", Map.of(), columns);
    specs.update("tickets", TestSpecs.tickets("first"));
    specs.update("tickets", TestSpecs.tickets("second"));
    String orders = specs.create("orders", null, null, Map.of()).id();
    specs.update("orders", TestSpecs.tickets("orders"));
    specs.failVersion(orders, specs.claimVersion("orders", JobOwner.current()), "model timed out");
    specs.create("drafts", null, null, Map.of());
    specs.claimVersion("drafts", JobOwner.current());
    specs.create("killed", null, null, Map.of());
    specs.claimVersion("killed", DeadOwners.ofAnEndedProcess());
    specs.create("broken", null, null, Map.of());
    brokenSpec = Path.of(store, "specs", SpecStore.idForName("broken"), "spec.json");
    Files.writeString(brokenSpec, "{\"id\": ");

    RunStore runs = RunStore.at(store);
    runs.write(
        run("run-1", SpecStore.idForName("tickets"), "2024-05-01T10:00:00Z", RunStatus.SUCCEEDED));
    runs.write(run("run-2", orders, "2024-05-02T10:00:00Z", RunStatus.PROCESSING));
    brokenRun = Path.of(store, "runs", "run-3", "manifest.json");
    Files.createDirectories(brokenRun.getParent());
    Files.writeString(brokenRun, "{}");
  }

  @Test
  public void specListShowsEveryReadableSpecAndNamesTheCorruptFile() {
    Result result = ok("spec", "list");
    String[] lines = result.out().split("\n");
    assertThat(
        lines[0],
        startsWith("ID                                    NAME     STATUS      LATEST  VERSIONS"));
    assertThat(lines[0], containsString("CREATED_AT                      DATASET"));
    assertEquals(6, lines.length);
    assertThat(result.out(), containsString("tickets  SUCCEEDED   2       2   "));
    assertThat(result.out(), containsString("seeds/tickets.csv"));
    assertThat(result.out(), containsString("orders   SUCCEEDED   1       1 (+1 FAILED)"));
    assertThat(result.out(), containsString("drafts   PROCESSING  -       0 (+1 PROCESSING)"));
    assertThat(result.out(), containsString("killed   FAILED      -       0 (+1 FAILED)"));
    assertEquals(
        "unreadable: " + brokenSpec + ": not a valid spec record: ",
        lines[5].substring(
            0, ("unreadable: " + brokenSpec + ": not a valid spec record: ").length()));
    assertEquals("", result.err());
  }

  @Test
  public void specListJsonIsOneDocumentWithSpecsVersionsAndProblems() throws IOException {
    JsonNode json = ok("spec", "list", "--json").json();
    assertEquals(store, json.get("store").asText());
    List<String> names = new ArrayList<>();
    json.get("specs").forEach(spec -> names.add(spec.get("name").asText()));
    assertEquals(List.of("tickets", "orders", "drafts", "killed"), names);
    JsonNode tickets = json.get("specs").get(0);
    assertEquals(2, tickets.get("latest_version").asInt());
    assertEquals(List.of("ticket_id", "body"), List.copyOf(iterable(tickets.get("columns"))));
    assertEquals(2, tickets.get("versions").size());
    assertEquals("SUCCEEDED", tickets.get("versions").get(1).get("status").asText());
    JsonNode killed = json.get("specs").get(3).get("versions").get(0);
    assertEquals("FAILED", killed.get("status").asText());
    assertThat(killed.get("error_message").asText(), containsString("killed?"));
    assertEquals(1, json.get("problems").size());
    assertThat(json.get("problems").get(0).asText(), startsWith(brokenSpec + ": "));
  }

  private static List<String> iterable(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  public void specShowPrintsAVersionsYamlOrSaysWhyNot() throws IOException {
    Result latest = ok("spec", "show", "tickets");
    assertEquals(specs.readVersionYaml("tickets", null), latest.out());
    assertEquals("second", SpecYaml.parse(latest.out(), "out").spec().description());
    Result first = ok("spec", "show", SpecStore.idForName("tickets"), "--version", "1");
    assertEquals("first", SpecYaml.parse(first.out(), "out").spec().description());

    Result failed = cli("spec", "show", "orders", "--version", "2");
    assertEquals(1, failed.exitCode());
    assertEquals("", failed.out());
    assertEquals(
        "error: version 2 of spec 'orders' is FAILED (model timed out); only SUCCEEDED versions"
            + " can be read\n",
        failed.err());
    Result broken = cli("spec", "show", "broken");
    assertEquals(1, broken.exitCode());
    assertThat(broken.err(), startsWith("error: " + brokenSpec + ": not a valid spec record"));
    Result missing = cli("spec", "show", "nothing");
    assertEquals("error: no spec with name or id 'nothing' in " + store + "\n", missing.err());
  }

  @Test
  public void specShowJsonHasTheRecordItsVersionsAndTheYaml() throws IOException {
    JsonNode tickets = ok("spec", "show", "tickets", "--json").json();
    assertEquals("tickets", tickets.get("name").asText());
    assertEquals(2, tickets.get("version").asInt());
    assertEquals(specs.readVersionYaml("tickets", 2), tickets.get("yaml").asText());
    assertEquals(2, tickets.get("versions").size());

    JsonNode drafts = ok("spec", "show", "drafts", "--json").json();
    assertEquals("PROCESSING", drafts.get("status").asText());
    assertTrue(drafts.get("yaml").isNull());
    assertTrue(drafts.get("version").isNull());
    assertEquals(
        JobOwner.current().pid(), drafts.get("versions").get(0).get("owner").get("pid").asLong());
  }

  @Test
  public void specUpdateStoresTheEditedYamlAsANewVersion() throws IOException {
    Path edited = folder.getRoot().toPath().resolve("tickets.yaml");
    Files.writeString(
        edited, ok("spec", "show", "tickets").out().replace("second", "edited by hand"));
    Result text = ok("spec", "update", "tickets", "--file", edited.toString());
    String id = SpecStore.idForName("tickets");
    assertEquals(
        "spec 'tickets' (id "
            + id
            + ") version 3 SUCCEEDED: "
            + store
            + "/specs/"
            + id
            + "/v3.yaml\n",
        text.out());
    assertEquals("edited by hand", specs.readVersion("tickets", 3).description());

    JsonNode json = ok("spec", "update", id, "--file", edited.toString(), "--json").json();
    assertEquals(4, json.get("version").asInt());
    assertEquals(4, json.get("latest_version").asInt());

    Result otherSpec = cli("spec", "update", "orders", "--file", edited.toString());
    assertEquals(1, otherSpec.exitCode());
    assertThat(
        otherSpec.err(),
        containsString("is version 2 of spec 'tickets', not of 'orders'; remove its metadata"));
    Path invalid = folder.getRoot().toPath().resolve("invalid.yaml");
    Files.writeString(invalid, "description: x\n");
    Result bad = cli("spec", "update", "orders", "--file", invalid.toString());
    assertEquals(1, bad.exitCode());
    assertThat(bad.err(), startsWith("error: "));
    assertEquals(2, specs.versions("orders").size());
  }

  @Test
  public void specDeleteRemovesASpecEvenACorruptOneButNotOneInProgress() throws IOException {
    Result deleted = ok("spec", "delete", "orders");
    assertEquals(
        "deleted spec 'orders' (id " + SpecStore.idForName("orders") + "), 2 versions\n",
        deleted.out());
    assertThat(ok("spec", "list").out(), not(containsString("orders")));

    Result busy = cli("spec", "delete", "drafts");
    assertEquals(1, busy.exitCode());
    assertThat(
        busy.err(),
        containsString(
            "spec 'drafts' has version 1 PROCESSING by " + JobOwner.current().describe()));

    JsonNode json = ok("spec", "delete", "broken", "--json").json();
    assertTrue(json.get("deleted").asBoolean());
    assertEquals("broken", json.get("name").asText());
    assertEquals(0, ok("spec", "list", "--json").json().get("problems").size());
  }

  @Test
  public void runListIsNewestFirstEndsKilledRunsAndNamesTheCorruptManifest() throws IOException {
    Result result = ok("run", "list");
    String[] lines = result.out().split("\n");
    assertEquals(
        "ID     SPEC     VERSION  STATUS     COMPLETED/FAILED  COST     CREATED_AT", lines[0]);
    assertEquals(
        "run-2  orders   1        FAILED     3/0 of 10         $0.2500  2024-05-02T10:00:00Z",
        lines[1]);
    assertEquals(
        "run-1  tickets  1        SUCCEEDED  9/1 of 10         $0.2500  2024-05-01T10:00:00Z",
        lines[2]);
    assertThat(lines[3], startsWith("unreadable: " + brokenRun + ": "));
    assertEquals(4, lines.length);

    JsonNode json = ok("run", "list", "--spec", "tickets", "--json").json();
    assertEquals(1, json.get("runs").size());
    assertEquals("run-1", json.get("runs").get(0).get("id").asText());
    assertEquals(1, json.get("problems").size());
    // The runs of a deleted spec are still found by its name.
    ok("spec", "delete", "orders");
    JsonNode ofDeleted = ok("run", "list", "--spec", "orders", "--json").json();
    assertEquals("run-2", ofDeleted.get("runs").get(0).get("id").asText());
    assertThat(
        ofDeleted.get("runs").get(0).get("error_message").asText(),
        containsString("killed or crashed"));
  }

  @Test
  public void runShowPrintsASummaryOrTheManifest() throws IOException {
    Result text = ok("run", "show", "run-2");
    assertThat(text.out(), startsWith("run run-2\n  spec:       orders (id "));
    assertThat(text.out(), containsString("  status:     FAILED\n"));
    assertThat(text.out(), containsString("  samples:    3 completed, 0 failed of 10\n"));
    assertThat(text.out(), containsString("  error:      the job ended without finishing (pid "));

    JsonNode json = ok("run", "show", "run-1", "--json").json();
    assertEquals(STRICT.readTree(RunStore.at(store).read("run-1").toJson()), json);

    Result missing = cli("run", "show", "run-9");
    assertEquals(1, missing.exitCode());
    assertThat(missing.err(), startsWith("error: no run with id 'run-9'"));
    Result broken = cli("run", "show", "run-3");
    assertThat(broken.err(), startsWith("error: " + brokenRun + ": "));
  }

  @Test
  public void runWithOptionsStillStartsARunAndListAndShowAreSubcommands() {
    CommandLine.ParseResult parsed =
        DataFramerCli.commandLine()
            .parseArgs(
                "run",
                "--spec",
                "tickets",
                "--samples",
                "5",
                "--output",
                "parquet:/tmp/out",
                "--runner=DirectRunner");
    CommandLine.ParseResult run = parsed.subcommand();
    assertTrue(run.commandSpec().userObject() instanceof RunCommand);
    assertTrue(!run.hasSubcommand());
    RunCommand command = (RunCommand) run.commandSpec().userObject();
    assertEquals("tickets", command.spec);
    assertEquals(List.of("--runner=DirectRunner"), command.beamArgs);

    // Executed, it reaches the run job, which looks the spec up in the store.
    Path out = folder.getRoot().toPath().resolve("out");
    Result missing =
        cli("run", "--spec", "nothing", "--samples", "5", "--output", "parquet:" + out);
    assertEquals(1, missing.exitCode());
    assertEquals("error: no spec with name or id 'nothing' in " + store + "\n", missing.err());
    // --output is still required of a run, with picocli's usage error as before.
    Result noOutput = cli("run", "--spec", "tickets", "--samples", "5");
    assertEquals(2, noOutput.exitCode());
    assertThat(noOutput.err(), startsWith("Missing required option: '--output=<output>'\n"));
    assertThat(noOutput.err(), containsString("Usage: dataframer run "));
    assertEquals(0, cli("run", "--help").exitCode());

    CommandLine.ParseResult list = DataFramerCli.commandLine().parseArgs("run", "list", "--json");
    assertTrue(list.subcommand().subcommand().commandSpec().userObject() instanceof RunListCommand);
    // A spec may be named like a subcommand.
    for (String[] args :
        List.of(
            new String[] {"run", "--spec=list", "--samples", "5", "--output", "jsonl:x"},
            new String[] {"run", "--spec", "show", "--samples", "5", "--output", "jsonl:x"})) {
      CommandLine.ParseResult named = DataFramerCli.commandLine().parseArgs(args);
      assertTrue(named.subcommand().commandSpec().userObject() instanceof RunCommand);
      assertEquals(
          args[1].equals("--spec=list") ? "list" : "show",
          ((RunCommand) named.subcommand().commandSpec().userObject()).spec);
    }
    CommandLine.ParseResult listOfSpec =
        DataFramerCli.commandLine().parseArgs("run", "list", "--spec", "show");
    assertEquals(
        "show",
        ((RunListCommand) listOfSpec.subcommand().subcommand().commandSpec().userObject()).spec);
  }

  @Test
  public void jsonIsAloneOnTheStdoutOfTheRealCommand() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"spec", "list", "--json"},
            new String[] {"run", "list", "--json", "--spec", "orders"})) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(DataFramerCli.class.getName());
      command.addAll(List.of(args));
      command.addAll(List.of("--store", store));
      Path stderr = folder.newFile().toPath();
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
              .start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(2, TimeUnit.MINUTES));
      assertEquals(Files.readString(stderr), 0, process.exitValue());
      JsonNode json = STRICT.readTree(stdout);
      assertTrue(String.join(" ", args), json.has("problems"));
    }
  }

  @Test
  public void eachCommandHasHelp() {
    for (String[] command :
        List.of(
            new String[] {"spec", "list"},
            new String[] {"spec", "show"},
            new String[] {"spec", "update"},
            new String[] {"spec", "delete"},
            new String[] {"run", "list"},
            new String[] {"run", "show"})) {
      Result help = execute(command[0], command[1], "--help");
      assertEquals(String.join(" ", command) + ": " + help.err(), 0, help.exitCode());
      assertThat(help.out(), containsString("--store"));
      assertEquals(0, execute(command[0], command[1], "-h").exitCode());
    }
  }
}
