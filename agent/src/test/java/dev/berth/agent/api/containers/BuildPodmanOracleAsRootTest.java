package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code podman build --format docker} as the oracle for Berth's builds: each Dockerfile of
 * {@link BuildOracleCorpus} (over 40, every instruction and parsing rule) is built by the stock
 * {@code docker build} (legacy builder) against the agent and, at the same time, by podman (a
 * private storage root), both from the same busybox rootfs tar imported as {@code oracle-base};
 * both images are saved and compared: the config fields a Dockerfile sets and the file trees
 * (paths, types, modes, owners, sizes, contents, link targets). Every difference fails the test
 * unless it is one of {@link #KNOWN}, each explained there.
 */
@Tag("root")
class BuildPodmanOracleAsRootTest extends CliOnAgentTest {
  private static final List<String> FIELDS = List.of("Cmd", "Entrypoint", "Env", "WorkingDir", "User", "ExposedPorts",
      "Volumes", "Labels", "Healthcheck", "StopSignal", "OnBuild", "Shell");

  /**
   * Differences that are podman's, not Berth's: buildah labels every image it builds with its
   * version; it sets a default PATH in the config when the base has none (Docker's legacy builder
   * does not); a RUN leaves the mount points it made for /dev, /proc, /sys, /run and
   * /etc/hostname, /etc/hosts, /etc/resolv.conf in the layer (Docker's are in an init layer that
   * is never committed).
   */
  private static final Set<String> KNOWN_PATHS = Set.of("/dev", "/proc", "/sys", "/run", "/etc/hostname",
      "/etc/hosts", "/etc/resolv.conf");
  private static final String KNOWN_LABEL = "io.buildah.version";
  private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /**
   * Where podman (buildah 1.28) is not Docker: the shell form of CMD and ENTRYPOINT runs in the
   * SHELL set before it in Docker (moby's dispatchCmd prepends getShell), buildah always uses
   * /bin/sh -c; buildah makes a WORKDIR only when a later step uses it, Docker's builder makes
   * it at once (root-owned, 0755); with {@code # escape=`} a backslash is an ordinary character
   * in Docker (moby's ProcessWords with the escape token), buildah still drops it in ENV; buildah
   * 1.28 has no {@code HEALTHCHECK --start-interval} (Docker 25 added it), so its Dockerfile
   * leaves it out and its image has no StartInterval.
   */
  private static final Set<String> KNOWN = Set.of(
      "shell-forms: config Cmd: berth [\"/bin/sh\",\"-ec\",\"echo cmd\"], podman [\"/bin/sh\",\"-c\",\"echo cmd\"]",
      "shell-forms: config Entrypoint: berth [\"/bin/sh\",\"-ec\",\"echo entry\"], podman [\"/bin/sh\",\"-c\",\"echo entry\"]",
      "workdir-user: /as-nobody: berth dir 755 0:0, podman null",
      "directives-and-case: /mixed: berth dir 755 0:0, podman null",
      "workdir-env: /opt/app: berth dir 755 0:0, podman null",
      "escape-and-forms: config Env: berth [WIN=C:\\path, OTHER=x], podman [WIN=C:path, OTHER=x]",
      "healthchecks: config Healthcheck: berth {\"Test\":[\"CMD\",\"sh\",\"-c\",\"exit 0\"],\"Interval\":30000000000,"
          + "\"Timeout\":10000000000,\"StartPeriod\":5000000000,\"StartInterval\":2000000000,\"Retries\":4}, podman "
          + "{\"Test\":[\"CMD\",\"sh\",\"-c\",\"exit 0\"],\"Interval\":30000000000,\"Timeout\":10000000000,"
          + "\"StartPeriod\":5000000000,\"Retries\":4}");

  private PodmanCli podman;

  @BeforeAll
  static void podmanInstalled() {
    assumeTrue(PodmanCli.installed(), "podman not installed");
  }

  @BeforeEach
  void startPodman() throws Exception {
    podman = new PodmanCli(dir.resolve("podman"));
    Path base = TestImages.busyboxRootfsTar(dir, "oracle", TestImages.APPLETS_AND_USERS);
    docker.run("import", "--change", "CMD [\"sh\"]", base.toString(), "oracle-base");
    podman.run("import", "--change", "CMD [\"sh\"]", base.toString(), "oracle-base");
  }

  @AfterEach
  void stopPodman() throws Exception {
    if (podman != null) {
      podman.close();
    }
  }

  @Test
  void buildsTheSameImagesAsPodman() throws Exception {
    List<String> differences = new ArrayList<>();
    for (BuildOracleCorpus.Case oracleCase : BuildOracleCorpus.CASES) {
      try {
        differences.addAll(compare(oracleCase));
      } catch (Exception failed) {
        differences.add(oracleCase.name() + ": " + failed.getMessage());
      }
    }
    differences.removeAll(KNOWN);
    assertEquals("", String.join("\n", differences), "differences from podman build");
  }

  // Berth and podman build at the same time, each in its own copy of the context.
  private List<String> compare(BuildOracleCorpus.Case oracleCase) throws Exception {
    String name = oracleCase.name();
    Path context = context(name, oracleCase.dockerfile());
    Path oracleContext = context(name + "-podman",
        oracleCase.oracle() == null ? oracleCase.dockerfile() : oracleCase.oracle());
    if (name.equals("dockerignore")) {
      Files.writeString(context.resolve(".dockerignore"), BuildOracleCorpus.DOCKERIGNORE);
      Files.writeString(oracleContext.resolve(".dockerignore"), BuildOracleCorpus.DOCKERIGNORE);
    }
    String tag = "oracle-" + name;
    Path ours = dir.resolve(tag + "-berth.tar");
    Path theirs = dir.resolve(tag + "-podman.tar");
    CompletableFuture<Void> oracle = CompletableFuture.runAsync(() -> {
      try {
        List<String> build = new ArrayList<>(List.of("build", "--format", "docker", "--network", "none", "-t", tag));
        build.addAll(oracleCase.flags());
        build.add(oracleContext.toString());
        podman.run(build.toArray(String[]::new));
        podman.run("save", "--format", "docker-archive", "-o", theirs.toString(), tag);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    List<String> build = new ArrayList<>(List.of("build", "-t", tag));
    build.addAll(oracleCase.flags());
    build.add(context.toString());
    try {
      docker.run(build.toArray(String[]::new));
      docker.run("save", "-o", ours.toString(), tag);
    } finally {
      oracle.exceptionally(failed -> null).join();
    }
    oracle.join();
    SavedImage berth = SavedImage.read(ours);
    SavedImage pod = SavedImage.read(theirs);
    Files.delete(ours);
    Files.delete(theirs);
    List<String> differences = new ArrayList<>();
    for (String field : FIELDS) {
      String mine = normalized(field, berth.config().get(field));
      String expected = normalized(field, pod.config().get(field));
      if (!mine.equals(expected)) {
        differences.add(name + ": config " + field + ": berth " + mine + ", podman " + expected);
      }
    }
    Set<String> paths = new TreeSet<>(berth.files().keySet());
    paths.addAll(pod.files().keySet());
    for (String path : paths) {
      String mine = berth.files().get(path);
      String expected = pod.files().get(path);
      if (mine == null && KNOWN_PATHS.contains(path)) {
        continue;
      }
      if (mine == null || !mine.equals(expected) && !(path.equals("/") && mine.startsWith("dir"))) {
        differences.add(name + ": " + path + ": berth " + mine + ", podman " + expected);
      }
    }
    return differences;
  }

  // The corpus's context: its text files, a symbolic link, and the archives (the same bytes in
  // every context: gzip stamps a time in its header).
  private Path context(String name, String dockerfile) throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx-" + name));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    for (Map.Entry<String, String> file : BuildOracleCorpus.CONTEXT.entrySet()) {
      Files.createDirectories(context.resolve(file.getKey()).getParent());
      Files.writeString(context.resolve(file.getKey()), file.getValue());
    }
    Files.createSymbolicLink(context.resolve("link-to-hello"), Path.of("hello.txt"));
    try (var archives = Files.list(archives())) {
      for (Path archive : archives.toList()) {
        Files.copy(archive, context.resolve(archive.getFileName()));
      }
    }
    return context;
  }

  // Tar archives of one file, compressed or not, named for what they are or not; a gzip file that is not a tar.
  private Path archives() throws Exception {
    Path archives = dir.resolve("archives");
    if (Files.isDirectory(archives)) {
      return archives;
    }
    Path bundle = Files.createDirectories(dir.resolve("bundle"));
    Files.writeString(bundle.resolve("inside"), "from the tar\n");
    Path made = Files.createDirectories(dir.resolve("archives.tmp"));
    Map<String, String> compressions = Map.of("bundle.tar.gz", "-z", "bundle.tar.bz2", "-j", "bundle.tar.xz", "-J",
        "gzip-tar.dat", "-z", "bzip2-tar", "-j", "xz-tar.bin", "-J", "plain.tar", "--no-auto-compress");
    for (Map.Entry<String, String> archive : compressions.entrySet()) {
      shell("tar", archive.getValue(), "--mtime=@0", "-cf", made.resolve(archive.getKey()).toString(), "-C",
          bundle.toString(), "inside");
    }
    shell("sh", "-c", "gzip -nc < \"$0\" > \"$1\"", bundle.resolve("inside").toString(),
        made.resolve("text.gz").toString());
    Files.move(made, archives);
    return archives;
  }

  private static void shell(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }

  // Empty and absent are the same; the differences explained above are taken out.
  private static String normalized(String field, JsonNode value) {
    if (value == null || value.isNull() || value.isContainerNode() && value.isEmpty()
        || value.isTextual() && value.asText().isEmpty()) {
      return "-";
    }
    if (field.equals("Labels") && value.has(KNOWN_LABEL)) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) value).remove(KNOWN_LABEL);
      return normalized(field, value);
    }
    if (field.equals("Env")) {
      List<String> env = new ArrayList<>();
      value.forEach(e -> env.add(e.asText()));
      env.remove(DEFAULT_PATH);
      return env.isEmpty() ? "-" : env.toString();
    }
    return value.toString();
  }
}
