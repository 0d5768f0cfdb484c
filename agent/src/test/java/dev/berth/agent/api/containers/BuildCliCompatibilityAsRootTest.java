package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.images.DockerCli;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code DOCKER_BUILDKIT=0 docker build} (the stock CLI, legacy builder) against the agent's {@code POST /build}. */
@Tag("root")
class BuildCliCompatibilityAsRootTest extends CliOnAgentTest {
  private Path context(String name, String dockerfile) throws Exception {
    Path context = Files.createDirectories(dir.resolve(name));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    return context;
  }

  private String inspect(String format, String image) throws Exception {
    return docker.run("image", "inspect", "--format", format, image).strip();
  }

  @Test
  void buildsEachInstructionAndReusesTheCacheOnASecondBuild() throws Exception {
    Path context = context("each", """
        FROM busybox
        ARG GREETING=hello
        ENV APP=/app \\
            MODE="two words"
        LABEL org.test=yes
        WORKDIR $APP
        COPY hello.txt ./
        COPY --chmod=0700 dir/ sub/
        RUN echo "$GREETING $MODE" > made.txt && chmod 640 made.txt && chown 1000 made.txt
        USER 1000
        EXPOSE 8080 53/udp
        VOLUME /data
        STOPSIGNAL SIGINT
        HEALTHCHECK --interval=5s --retries=2 CMD true
        ENTRYPOINT ["/bin/sh", "-c"]
        CMD ["cat made.txt"]
        """);
    Files.writeString(context.resolve("hello.txt"), "hi\n");
    Files.createDirectories(context.resolve("dir/inner"));
    Files.writeString(context.resolve("dir/inner/f"), "f\n");
    String out = docker.run("build", "-t", "each:1", "--build-arg", "GREETING=bonjour", context.toString());
    assertTrue(out.contains("Step 1/15 : FROM busybox") && out.contains("Successfully tagged each:1"), out);
    assertTrue(out.contains(" ---> Running in "), out);
    assertEquals("bonjour two words", docker.run("run", "--rm", "each:1").strip());
    assertEquals("[/app/made.txt] -rw-r----- hi f",
        docker.run("run", "--rm", "--user", "0", "--entrypoint", "sh", "each:1", "-c",
            "echo [$(readlink -f made.txt)] $(stat -c %A made.txt) $(cat hello.txt) $(cat sub/inner/f)").strip());
    assertEquals("-rwx------", docker.run("run", "--rm", "--user", "0", "--entrypoint", "stat", "each:1", "-c", "%A", "sub/inner/f")
        .strip());
    assertEquals("/app 1000 SIGINT yes", inspect("{{.Config.WorkingDir}} {{.Config.User}} {{.Config.StopSignal}} "
        + "{{index .Config.Labels \"org.test\"}}", "each:1"));
    assertEquals("map[53/udp:{} 8080/tcp:{}] map[/data:{}] [CMD-SHELL true] 5s 2", inspect("{{.Config.ExposedPorts}} "
        + "{{.Config.Volumes}} {{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}} "
        + "{{.Config.Healthcheck.Retries}}", "each:1"));
    assertTrue(inspect("{{.Config.Env}}", "each:1").contains("MODE=two words"));
    assertTrue(!inspect("{{.Config.Env}}", "each:1").contains("GREETING"), "ARGs stay out of the config");

    String again = docker.run("build", "-t", "each:2", "--build-arg", "GREETING=bonjour", context.toString());
    assertEquals(14, again.split("Using cache", -1).length - 1, again);
    assertEquals(inspect("{{.Id}}", "each:1"), inspect("{{.Id}}", "each:2"));
    Files.writeString(context.resolve("hello.txt"), "changed\n");
    String changed = docker.run("build", "-t", "each:1", "--build-arg", "GREETING=bonjour", context.toString());
    assertEquals(4, changed.split("Using cache", -1).length - 1, changed);
    assertTrue(docker.run("images", "-f", "dangling=true", "-q").isBlank(), "each:2 still holds the old image");
    assertTrue(docker.run("images", "-a").contains("<none>"), "intermediate images are listed with -a");
    assertTrue(docker.run("ps", "-aq").isBlank(), "intermediate containers are removed");
  }

  @Test
  void copyingFromOutsideTheBuildContextIsRefused() throws Exception {
    Files.writeString(dir.resolve("outside-secret"), "not for the image");
    Path context = context("escape", "FROM busybox\nCOPY ../outside-secret /secret\n");
    String refused = docker.fails("build", "-t", "escape", context.toString());
    assertTrue(refused.contains("forbidden path outside the build context: ../outside-secret"), refused);
    assertTrue(docker.fails("image", "inspect", "escape").contains("No such image"));
  }

  @Test
  void aFailingRunFailsTheBuildWithItsExitCode() throws Exception {
    Path context = context("fails", "FROM busybox\nRUN echo about to fail && exit 3\n");
    DockerCli.Result result = docker.result("build", "-t", "fails", context.toString());
    assertEquals(1, result.exit(), result.output());
    assertTrue(result.output().contains("about to fail"), result.output());
    assertTrue(result.output().contains("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero "
        + "code: 3"), result.output());
    assertTrue(docker.fails("image", "inspect", "fails").contains("No such image"));
    Path chown = context("unknown-owner", "FROM busybox\nCOPY --chown=nobody:staff Dockerfile /\n");
    String owner = docker.fails("build", chown.toString());
    assertTrue(owner.contains("unable to convert uid/gid chown string to host mapping: can't find uid for user nobody: "
        + "no such user: nobody"), owner);
    String parse = docker.fails("build", context("bad", "FROM busybox\nFOO bar\n").toString());
    assertTrue(parse.contains("Dockerfile parse error line 2: unknown instruction: FOO"), parse);
  }

  @Test
  void multiStageCopyFromDockerignoreAddedTarsAndOnBuild() throws Exception {
    Path context = context("multi", """
        FROM busybox AS build
        RUN mkdir /out && echo built > /out/artifact
        FROM busybox AS unused
        RUN exit 1
        FROM busybox
        COPY --from=build /out/artifact /artifact
        COPY *.txt /texts/
        ADD bundle.tar.gz /unpacked/
        """);
    Files.writeString(context.resolve("keep.txt"), "keep\n");
    Files.writeString(context.resolve("secret.txt"), "secret\n");
    Files.writeString(context.resolve(".dockerignore"), "*.txt\n!keep.txt\n");
    Path bundle = Files.createDirectories(dir.resolve("bundle"));
    Files.writeString(bundle.resolve("inside"), "from the tar\n");
    new ProcessBuilder("tar", "-czf", context.resolve("bundle.tar.gz").toString(), "-C", bundle.toString(), "inside")
        .inheritIO().start().waitFor();
    String out = docker.run("build", "-t", "multi", context.toString());
    assertTrue(out.contains("Successfully tagged multi:latest"), out);
    docker.run("create", "--name", "multi-files", "multi", "sh");
    Path exported = dir.resolve("multi.tar");
    docker.run("export", "-o", exported.toString(), "multi-files");
    docker.run("rm", "multi-files");
    String listing = new String(new ProcessBuilder("tar", "-tf", exported.toString()).start().getInputStream()
        .readAllBytes());
    assertTrue(listing.contains("artifact") && listing.contains("texts/keep.txt") && listing.contains("unpacked/inside"),
        listing);
    assertTrue(!listing.contains("secret.txt") && !listing.contains("bundle.tar.gz"), listing);

    docker.run("build", "-t", "parent", context("onbuild-parent", "FROM busybox\nONBUILD RUN echo triggered > /t\n")
        .toString());
    assertEquals("[RUN echo triggered > /t]", inspect("{{.Config.OnBuild}}", "parent"));
    String child = docker.run("build", "-t", "child", context("onbuild-child", "FROM parent\nCMD [\"cat\", \"/t\"]\n")
        .toString());
    assertTrue(child.contains("# Executing 1 build trigger"), child);
    assertEquals("triggered", docker.run("run", "--rm", "child").strip());
    assertEquals("[]", inspect("{{.Config.OnBuild}}", "child"));
  }

  @Test
  void buildsFromScratchWithoutAShellAndRefusesRunThere() throws Exception {
    Path context = context("scratch", """
        FROM scratch
        COPY busybox /bin/
        WORKDIR /work/here
        CMD ["/bin/busybox", "echo", "hi"]
        """);
    Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
    String out = docker.run("build", "-t", "from-scratch", context.toString());
    assertTrue(out.contains("Successfully tagged from-scratch:latest") && !out.contains("Running in"), out);
    assertEquals("hi", docker.run("run", "--rm", "from-scratch").strip());
    assertEquals("/work/here", docker.run("run", "--rm", "from-scratch", "/bin/busybox", "pwd").strip());
    assertEquals("2", inspect("{{len .RootFS.Layers}}", "from-scratch"));

    String run = docker.fails("build", context("scratch-run", "FROM scratch\nRUN echo hi\n").toString());
    assertTrue(run.contains("exec: \"/bin/sh\": stat /bin/sh: no such file or directory"), run);
    Path noShell = context("scratch-no-shell", "FROM scratch\nCOPY busybox /bin/\nRUN [\"/bin/busybox\", \"touch\", \"/ran\"]\n"
        + "RUN echo hi\n");
    Files.copy(Path.of("/bin/busybox"), noShell.resolve("busybox"));
    String shell = docker.fails("build", noShell.toString());
    assertTrue(shell.contains("Step 3/4") && shell.contains("exec: \"/bin/sh\": stat /bin/sh: no such file or directory"),
        shell);
    assertTrue(docker.run("ps", "-aq").isBlank(), "no container is left behind");
  }

  @Test
  void showsTheOutputOfRunWhileItRuns() throws Exception {
    Path context = context("live", "FROM busybox\nRUN echo first-line && sleep 2 && echo second-line\n");
    Process build = docker.spawn("build", "--no-cache", context.toString());
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
      long first = 0;
      long second = 0;
      StringBuilder seen = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        seen.append(line).append('\n');
        if (line.equals("first-line")) {
          first = System.nanoTime();
        } else if (line.equals("second-line")) {
          second = System.nanoTime();
        }
      }
      assertEquals(0, build.waitFor(), seen.toString());
      assertTrue(first > 0 && second - first > 1_000_000_000L, "first line shown before the RUN ended: " + seen);
    } finally {
      build.destroyForcibly();
    }
  }

  @Test
  void discardsWhatRunWritesUnderAVolumeButKeepsWhatCopyWrites() throws Exception {
    Path context = context("volume", """
        FROM busybox
        RUN mkdir /data && echo before > /data/before
        VOLUME /data
        RUN echo after > /data/after && echo outside > /outside
        COPY kept /data/
        """);
    Files.writeString(context.resolve("kept"), "kept\n");
    docker.run("build", "-t", "volume-build", context.toString());
    assertEquals("after? no; before kept outside", docker.run("run", "--rm", "volume-build", "sh", "-c",
        "echo after? $(test -e /data/after && echo yes || echo no)\\; $(cat /data/before /data/kept /outside)").strip());
    assertTrue(docker.run("volume", "ls", "-q").isBlank(), "the intermediate containers' volumes are removed");
  }

  @Test
  void refusesAStepThatWouldMakeMoreThan125Layers() throws Exception {
    docker.run("load", "-i", deepImage(125).toString());
    Path context = context("deep", "FROM deep:125\nCOPY f /f\n");
    Files.writeString(context.resolve("f"), "f\n");
    DockerCli.Result copy = docker.result("build", context.toString());
    assertEquals(1, copy.exit(), copy.output());
    assertTrue(copy.output().contains("Step 2/2 : COPY f /f")
        && copy.output().contains("failed to register layer: max depth exceeded"), copy.output());
    DockerCli.Result run = docker.result("build", context("deep-run", "FROM deep:125\nRUN true\n").toString());
    assertTrue(run.output().contains("failed to register layer: max depth exceeded"), run.output());
    assertTrue(docker.run("ps", "-aq").isBlank(), "no container is left behind");
  }

  // A docker-archive of an image with `layers` one-file layers, tagged deep:<layers>.
  private Path deepImage(int layers) throws Exception {
    Path archive = dir.resolve("deep.tar");
    StringBuilder diffIds = new StringBuilder();
    StringBuilder names = new StringBuilder();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      for (int i = 0; i < layers; i++) {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(layer)) {
          put(tar, "f" + i, ("layer " + i + "\n").getBytes());
        }
        put(out, "l" + i + ".tar", layer.toByteArray());
        diffIds.append(i == 0 ? "" : ",").append("\"sha256:").append(HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(layer.toByteArray()))).append('"');
        names.append(i == 0 ? "" : ",").append("\"l").append(i).append(".tar\"");
      }
      String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
      put(out, "config.json", ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{},"
          + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes());
      put(out, "manifest.json", ("[{\"Config\":\"config.json\",\"RepoTags\":[\"deep:" + layers + "\"],\"Layers\":["
          + names + "]}]").getBytes());
    }
    return archive;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
