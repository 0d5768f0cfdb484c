package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.images.DockerCli;
import dev.berth.agent.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podman build --format docker} as the oracle for Berth's builds: each Dockerfile below is
 * built by the stock {@code docker build} (legacy builder) against the agent and by podman (a
 * private storage root), both from the same busybox rootfs tar imported as {@code oracle-base};
 * both images are saved and compared: the config fields a Dockerfile sets and the file trees
 * (paths, types, modes, owners, sizes, contents, link targets). Every difference fails the test
 * unless it is one of {@link #KNOWN}, each explained there.
 */
@Tag("root")
class BuildPodmanOracleAsRootTest {
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
   * /bin/sh -c; and buildah makes a WORKDIR only when a later step uses it, Docker's builder makes
   * it at once (root-owned, 0755); with {@code # escape=`} a backslash is an ordinary character
   * in Docker (moby's ProcessWords with the escape token), buildah still drops it in ENV.
   */
  private static final Set<String> KNOWN = Set.of(
      "shell-forms: config Cmd: berth [\"/bin/sh\",\"-ec\",\"echo cmd\"], podman [\"/bin/sh\",\"-c\",\"echo cmd\"]",
      "shell-forms: config Entrypoint: berth [\"/bin/sh\",\"-ec\",\"echo entry\"], podman [\"/bin/sh\",\"-c\",\"echo entry\"]",
      "workdir-user: /as-nobody: berth dir 755 0:0, podman null",
      "escape-and-forms: config Env: berth [WIN=C:\\path, OTHER=x], podman [WIN=C:path, OTHER=x]");

  @TempDir Path dir;
  private ContainerApi api;
  private DockerCli docker;
  private PodmanCli podman;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    assumeTrue(PodmanCli.installed(), "podman not installed");
    api = ContainerApi.onThisHost(dir);
    docker = new DockerCli(dir, api.agent.dockerApi());
    podman = new PodmanCli(dir.resolve("podman"));
    Path base = TestImages.busyboxRootfsTar(dir, "oracle", TestImages.APPLETS_AND_USERS);
    docker.run("import", "--change", "CMD [\"sh\"]", base.toString(), "oracle-base");
    podman.run("import", "--change", "CMD [\"sh\"]", base.toString(), "oracle-base");
  }

  @AfterEach
  void stop() throws Exception {
    if (podman != null) {
      podman.close();
    }
    if (docker != null) {
      docker.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void buildsTheSameImagesAsPodman() throws Exception {
    Map<String, String> dockerfiles = new LinkedHashMap<>();
    dockerfiles.put("each-instruction", """
        FROM oracle-base
        MAINTAINER someone@example.com
        ENV APP=/app \\
            MODE="two words" EMPTY=
        LABEL org.one=1 "org.two"="two words"
        WORKDIR $APP
        COPY hello.txt ./
        COPY --chmod=0700 dir/ sub/
        COPY --chown=1000:1000 hello.txt /owned/
        ADD bundle.tar.gz /unpacked/
        RUN echo "$MODE" > made.txt && chmod 640 made.txt && mkdir -p /var/cache && echo c > /var/cache/c
        USER 1000:1000
        EXPOSE 8080 53/udp 9000-9001
        VOLUME ["/data", "/logs"]
        STOPSIGNAL SIGINT
        HEALTHCHECK --interval=5s --timeout=2s --start-period=1s --retries=2 CMD true
        ENTRYPOINT ["/bin/sh", "-c"]
        CMD ["cat made.txt"]
        """);
    dockerfiles.put("shell-forms", """
        FROM oracle-base
        SHELL ["/bin/sh", "-ec"]
        RUN echo shell > /shell.txt
        ENTRYPOINT echo entry
        CMD echo cmd
        HEALTHCHECK NONE
        """);
    dockerfiles.put("substitution", """
        ARG BASE=oracle-base
        FROM $BASE
        ARG WHO=world
        ARG UNSET
        ENV GREETING="hello ${WHO}" DEFAULTED=${UNSET:-fallback} ALTERNATE=${WHO:+set} LITERAL=\\$WHO
        ENV SPACED two\\ words
        LABEL who=$WHO greeting="$GREETING"
        WORKDIR /w/${WHO}
        RUN echo "$GREETING $DEFAULTED $ALTERNATE $LITERAL $WHO" > out.txt
        """);
    dockerfiles.put("workdir-user", """
        FROM oracle-base
        WORKDIR /a
        WORKDIR b
        WORKDIR c
        RUN pwd > /pwd.txt && touch here
        USER nobody
        WORKDIR /as-nobody
        """);
    dockerfiles.put("multi-stage", """
        FROM oracle-base AS build
        RUN mkdir /out && echo built > /out/artifact && ln -s artifact /out/link
        FROM oracle-base AS unused
        RUN exit 1
        FROM build AS second
        RUN echo more > /out/more
        FROM oracle-base
        COPY --from=second /out/ /copied/
        COPY --from=build /out/artifact /single
        """);
    dockerfiles.put("onbuild", """
        FROM oracle-base
        ONBUILD RUN echo triggered > /t
        ONBUILD COPY hello.txt /
        LABEL kind=parent
        """);
    dockerfiles.put("delete-and-replace", """
        FROM oracle-base
        RUN mkdir -p /gone/deep && echo x > /gone/deep/x && echo keep > /keep
        RUN rm -rf /gone /bin/vi && echo changed > /keep
        COPY hello.txt /bin/
        """);
    dockerfiles.put("wildcards-and-archives", """
        FROM oracle-base
        COPY hom*.txt hell?.txt /texts/
        COPY dir /whole-dir
        COPY dir/inner/f dir/inner/f /two/
        ADD bundle.tar.bz2 /bz2/
        ADD bundle.tar.xz /xz
        COPY bundle.tar.gz /not-extracted/
        """);
    dockerfiles.put("escape-and-forms", """
        # escape=`
        FROM oracle-base
        ENV WIN=C:\\path `
            OTHER=x
        RUN echo `
          continued > /continued.txt
        CMD [ "not json"
        ENTRYPOINT ["sh", "-c", "echo $0"]
        """);
    dockerfiles.put("onbuild-child", """
        FROM oracle-onbuild
        CMD ["cat", "/t"]
        """);
    dockerfiles.put("owners-and-volumes", """
        FROM oracle-base
        COPY --chown=app:extra hello.txt /by-name/
        COPY --chown=1:2 --chmod=600 dir /by-id/
        RUN mkdir /data && echo before > /data/before
        VOLUME /data
        RUN echo discarded > /data/after && echo kept > /kept
        COPY hello.txt /data/
        """);
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> entry : dockerfiles.entrySet()) {
      differences.addAll(compare(entry.getKey(), entry.getValue()));
    }
    differences.removeAll(KNOWN);
    assertEquals("", String.join("\n", differences), "differences from podman build");
  }

  private List<String> compare(String name, String dockerfile) throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx-" + name));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    Files.writeString(context.resolve("hello.txt"), "hi\n");
    Files.writeString(context.resolve("home.txt"), "home\n");
    Files.createDirectories(context.resolve("dir/inner"));
    Files.writeString(context.resolve("dir/inner/f"), "f\n");
    Path bundle = Files.createDirectories(dir.resolve("bundle-" + name));
    Files.writeString(bundle.resolve("inside"), "from the tar\n");
    for (String compression : List.of("gz", "bz2", "xz")) {
      new ProcessBuilder("tar", "-caf", context.resolve("bundle.tar." + compression).toString(), "-C", bundle.toString(),
          "inside").inheritIO().start().waitFor();
    }
    String tag = "oracle-" + name;
    docker.run("build", "-t", tag, context.toString());
    podman.run("build", "--format", "docker", "--network", "none", "-t", tag, context.toString());
    Path ours = dir.resolve(tag + "-berth.tar");
    Path theirs = dir.resolve(tag + "-podman.tar");
    docker.run("save", "-o", ours.toString(), tag);
    podman.run("save", "--format", "docker-archive", "-o", theirs.toString(), tag);
    SavedImage berth = SavedImage.read(ours);
    SavedImage pod = SavedImage.read(theirs);
    List<String> differences = new ArrayList<>();
    for (String field : FIELDS) {
      String mine = normalized(field, berth.config().get(field));
      String oracle = normalized(field, pod.config().get(field));
      if (!mine.equals(oracle)) {
        differences.add(name + ": config " + field + ": berth " + mine + ", podman " + oracle);
      }
    }
    Set<String> paths = new TreeSet<>(berth.files().keySet());
    paths.addAll(pod.files().keySet());
    for (String path : paths) {
      String mine = berth.files().get(path);
      String oracle = pod.files().get(path);
      if (mine == null && KNOWN_PATHS.contains(path)) {
        continue;
      }
      if (mine == null || !mine.equals(oracle) && !(path.equals("/") && mine.startsWith("dir"))) {
        differences.add(name + ": " + path + ": berth " + mine + ", podman " + oracle);
      }
    }
    return differences;
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
