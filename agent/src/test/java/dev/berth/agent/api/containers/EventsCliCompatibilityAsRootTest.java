package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code docker events} of the stock CLI (28.x) on real containers and images, over the test HTTP transport. */
@Tag("root")
class EventsCliCompatibilityAsRootTest extends CliOnAgentTest {
  // The action, then the attributes that some actions add, as "docker events --format" prints them.
  private static final String FORMAT = "{{.Action}}{{with .Actor.Attributes.signal}} {{.}}{{end}}"
      + "{{with .Actor.Attributes.exitCode}} {{.}}{{end}}{{with .Actor.Attributes.oldName}} {{.}}{{end}}";

  private Process listener;

  @AfterEach
  void stopListener() throws Exception {
    if (listener != null) {
      listener.destroyForcibly().waitFor();
    }
  }

  @Test
  void aLiveListenerSeesTheExitWithoutAnybodyAskingAndTheLifecycleReplaysBetweenSinceAndUntil() throws Exception {
    String since = now();
    listener = docker.spawn("events", "--since", since, "--filter", "container=evt", "--format", FORMAT);
    BlockingQueue<String> live = lines(listener);
    docker.run("create", "--name", "evt", "--label", "tier=web", "busybox", "sh", "-c", "sleep 0.2; exit 3");
    docker.run("start", "evt");
    assertEquals(List.of("create", "start", "die 3"), take(live, 3), "die without a wait or ps");
    docker.run("rm", "evt");
    assertEquals(List.of("destroy"), take(live, 1));
    String until = now();

    assertEquals(List.of("create", "start", "die 3", "destroy"),
        lines(docker.run("events", "--since", since, "--until", until, "--filter", "container=evt", "--format", FORMAT)));
    assertEquals(List.of("3 evt busybox web"), lines(docker.run("events", "--since", since, "--until", until,
        "--filter", "label=tier=web", "--filter", "event=die", "--format",
        "{{.Actor.Attributes.exitCode}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{.Actor.Attributes.tier}}")));
    assertEquals(List.of(), lines(docker.run("events", "--since", since, "--until", until,
        "--filter", "container=evt", "--filter", "type=image")));
  }

  @Test
  void stopRenameRestartRemoveAndAttachAreReportedInDockerdsOrder() throws Exception {
    String since = now();
    String id = docker.run("run", "-d", "--name", "evk", "busybox", "sleep", "30").strip();
    docker.run("stop", "-t", "1", "evk");
    docker.run("rename", "evk", "evk2");
    docker.run("restart", "-t", "1", "evk2");
    docker.run("rm", "-f", "evk2");
    assertEquals("hi", docker.run("run", "--rm", "--name", "eva", "busybox", "echo", "hi").strip());
    String until = now();

    assertEquals(List.of("create", "start", "kill 15", "kill 9", "die 137", "stop", "rename /evk", "start", "restart",
        "kill 9", "die 137", "destroy"),
        lines(docker.run("events", "--since", since, "--until", until, "--filter", "container=" + id, "--format", FORMAT)),
        id + " in " + docker.run("events", "--since", since, "--until", until, "--format", "{{json .}}"));
    assertEquals(List.of("create", "attach", "start", "die 0", "destroy"),
        lines(docker.run("events", "--since", since, "--until", until, "--filter", "container=eva", "--format", FORMAT)));
  }

  @Test
  void tagAndUntagAreImageEvents() throws Exception {
    String since = now();
    docker.run("tag", "busybox", "evt-img:1");
    docker.run("rmi", "evt-img:1");
    String until = now();

    assertEquals(List.of("tag evt-img:1", "untag " + api.imageId), lines(docker.run("events", "--since", since,
        "--until", until, "--filter", "type=image", "--format", "{{.Action}} {{.Actor.Attributes.name}}")));
    assertEquals(List.of("tag " + api.imageId), lines(docker.run("events", "--since", since, "--until", until,
        "--filter", "image=evt-img", "--format", "{{.Status}} {{.ID}}")));
  }

  private static String now() {
    Instant now = Instant.now();
    return String.format("%d.%09d", now.getEpochSecond(), now.getNano());
  }

  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line.strip());
        }
      } catch (IOException ended) {
        // the process was ended
      }
    }, "docker-events-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static List<String> take(BlockingQueue<String> lines, int count) throws InterruptedException {
    List<String> taken = new ArrayList<>();
    while (taken.size() < count) {
      String line = lines.poll(20, TimeUnit.SECONDS);
      if (line == null) {
        break;
      }
      taken.add(line);
    }
    return taken;
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
