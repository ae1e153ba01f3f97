package ai.dataframer.beam.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * docs/ARCHITECTURE.md: core <- io <- transforms <- pipelines, core has no Beam and no HTTP, and no
 * two packages depend on each other, directly or through others.
 */
public class LayeringTest {
  private static JavaClasses mainClasses;

  @BeforeClass
  public static void importMainClasses() {
    mainClasses =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.dataframer.beam");
  }

  @Test
  public void coreUsesNeitherBeamNorHttp() {
    noClasses()
        .that()
        .resideInAPackage("ai.dataframer.beam.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.beam..",
            "okhttp3..",
            "java.net.http..",
            "ai.dataframer.beam.io..",
            "ai.dataframer.beam.transforms..",
            "ai.dataframer.beam.pipelines..")
        .check(mainClasses);
  }

  @Test
  public void ioDoesNotReachUp() {
    noClasses()
        .that()
        .resideInAPackage("ai.dataframer.beam.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.dataframer.beam.transforms..", "ai.dataframer.beam.pipelines..")
        .check(mainClasses);
  }

  @Test
  public void transformsDoNotReachUp() {
    noClasses()
        .that()
        .resideInAPackage("ai.dataframer.beam.transforms..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.dataframer.beam.pipelines..")
        .check(mainClasses);
  }

  @Test
  public void packagesFormNoCycles() {
    // Each package is a slice: a cycle (pipelines <-> pipelines.cli, io.llm <-> io.llm.gemini, ...)
    // means neither package can be read, tested or moved without the other.
    slices().matching("ai.dataframer.beam.(**)").should().beFreeOfCycles().check(mainClasses);
  }

  @Test
  public void eachSourceRootHoldsOnlyItsLayer() throws IOException {
    // Package rules above mean nothing if a class of one layer sits in another layer's source root.
    for (String layer : List.of("core", "io", "transforms", "pipelines")) {
      String expected = "package ai.dataframer.beam." + layer;
      try (Stream<Path> files = Files.walk(Path.of(layer))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          assertTrue(
              file + " should declare a package under " + expected,
              source.contains(expected + ".") || source.contains(expected + ";"));
        }
      }
    }
  }

  @Test
  public void everyPackageSaysWhatItIsForAndWhatItMayUse() throws IOException {
    for (String layer : List.of("core", "io", "transforms", "pipelines")) {
      try (Stream<Path> files = Files.walk(Path.of(layer))) {
        List<Path> packages =
            files
                .filter(f -> f.toString().endsWith(".java"))
                .map(Path::getParent)
                .distinct()
                .toList();
        for (Path folder : packages) {
          assertTrue(
              folder + " needs a package-info.java",
              Files.exists(folder.resolve("package-info.java")));
        }
      }
    }
  }
}
