package dev.berth.control.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many simulated agents in one process against a real control plane, for the fleet-scale
 * benchmark (bench/fleet-scale.sh): enrolls them through the API, holds their links with
 * heartbeats and periodic inventory reports, dispatches jobs to random ones and prints what it
 * saw. Usage: {@code AgentSimulator <url> <admin token> <agents> [containers] [inventory seconds]
 * [hold seconds] [jobs per second]}.
 */
public final class AgentSimulator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IN_FLIGHT = 64;

  private final URI base;
  private final String adminToken;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "simulator-timer");
    thread.setDaemon(true);
    return thread;
  });

  private AgentSimulator(URI base, String adminToken) {
    this.base = base;
    this.adminToken = adminToken;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: AgentSimulator <url> <admin token> <agents> [containers] [inventory s] [hold s] [jobs/s]");
      System.exit(2);
    }
    int agents = Integer.parseInt(args[2]);
    int containers = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int inventorySeconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int holdSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
    int jobsPerSecond = args.length > 6 ? Integer.parseInt(args[6]) : 20;
    AgentSimulator simulator = new AgentSimulator(URI.create(args[0].replaceFirst("/+$", "")), args[1]);
    simulator.run(agents, containers, inventorySeconds, holdSeconds, jobsPerSecond);
    System.exit(0);
  }

  private void run(int count, int containers, int inventorySeconds, int holdSeconds, int jobsPerSecond)
      throws Exception {
    long t0 = System.nanoTime();
    List<SimulatedAgent> agents = enroll(count, containers);
    print("enrolled %d agents in %.1f s", agents.size(), seconds(t0));

    t0 = System.nanoTime();
    int linked = connect(agents);
    print("linked %d of %d agents in %.1f s", linked, agents.size(), seconds(t0));

    for (SimulatedAgent agent : agents) {
      long offset = ThreadLocalRandom.current().nextLong(inventorySeconds * 1000L);
      timer.scheduleAtFixedRate(agent::reportInventory, offset, inventorySeconds * 1000L, TimeUnit.MILLISECONDS);
    }
    print("holding for %d s: heartbeats every 3 s, an inventory of %d containers every %d s per agent,"
        + " %d jobs/s to random agents", holdSeconds, containers, inventorySeconds, jobsPerSecond);
    List<Long> serverMillis = Collections.synchronizedList(new ArrayList<>());
    List<Long> clientMillis = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Void>> jobs = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
    long period = TimeUnit.SECONDS.toNanos(1) / Math.max(1, jobsPerSecond);
    for (long next = System.nanoTime(); next < end; next += period) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      SimulatedAgent target = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
      jobs.add(dispatch(target, serverMillis, clientMillis, failed));
    }
    CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long held = agents.stream().filter(SimulatedAgent::linked).count();
    print("agents still linked after the hold: %d of %d", held, agents.size());
    print("jobs: %d succeeded, %d failed", serverMillis.size(), failed.get());
    print("dispatch latency, server (created -> finished): p50 %d ms, p99 %d ms, max %d ms",
        percentile(serverMillis, 50), percentile(serverMillis, 99), percentile(serverMillis, 100));
    print("dispatch latency, API client (POST /api/v1/jobs?wait): p50 %d ms, p99 %d ms, max %d ms",
        percentile(clientMillis, 50), percentile(clientMillis, 99), percentile(clientMillis, 100));
    agents.forEach(SimulatedAgent::close);
  }

  /** Enrolls {@code count} agents named sim-00000… through the API, a few requests at a time. */
  private List<SimulatedAgent> enroll(int count, int containers) throws Exception {
    Semaphore slots = new Semaphore(8);
    List<CompletableFuture<SimulatedAgent>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format(Locale.ROOT, "sim-%05d", i);
      slots.acquire();
      pending.add(post("/api/v1/enrollment-tokens", adminToken, JSON.createObjectNode())
          .thenCompose(joinToken -> {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("token", joinToken.path("token").asText());
            body.set("facts", facts(name));
            return post("/api/v1/enroll", null, body);
          })
          .thenApply(enrolled -> new SimulatedAgent(name, enrolled.path("credential").asText(), containers))
          .whenComplete((agent, failure) -> slots.release()));
    }
    List<SimulatedAgent> agents = new ArrayList<>();
    for (CompletableFuture<SimulatedAgent> agent : pending) {
      agents.add(agent.get());
    }
    return agents;
  }

  /** Dials every agent's link, {@link #IN_FLIGHT} handshakes at a time; returns how many were welcomed. */
  private int connect(List<SimulatedAgent> agents) throws InterruptedException {
    URI linkUri = SimulatedLink.linkUri(base.toString());
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicInteger linked = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    for (SimulatedAgent agent : agents) {
      slots.acquire();
      agent.connect(http, linkUri, timer, facts(agent.name()))
          .orTimeout(60, TimeUnit.SECONDS)
          .whenComplete((ok, failure) -> {
            if (failure == null) {
              linked.incrementAndGet();
            } else if (refused.incrementAndGet() <= 3) {
              System.err.println("link of " + agent.name() + " failed: " + failure);
            }
            slots.release(); // after counting: the last release lets the count be read
          });
    }
    slots.acquire(IN_FLIGHT);
    return linked.get();
  }

  private CompletableFuture<Void> dispatch(SimulatedAgent target, List<Long> serverMillis, List<Long> clientMillis,
                                           AtomicInteger failed) {
    ObjectNode body = JSON.createObjectNode().put("host", target.name()).put("kind", "echo");
    body.putObject("params").put("sent", System.nanoTime());
    long start = System.nanoTime();
    return post("/api/v1/jobs?wait=30", adminToken, body).handle((job, failure) -> {
      if (failure != null || !"succeeded".equals(job.path("state").asText())) {
        failed.incrementAndGet();
        return null;
      }
      clientMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      serverMillis.add(Duration.between(Instant.parse(job.path("createdAt").asText()),
          Instant.parse(job.path("finishedAt").asText())).toMillis());
      return null;
    });
  }

  private CompletableFuture<JsonNode> post(String path, String token, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
      }
      try {
        return JSON.readTree(response.body());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("POST " + path + ": unreadable answer", e);
      }
    });
  }

  private static JsonNode facts(String name) {
    return JSON.createObjectNode().put("hostname", name).put("operatingSystem", "Simulated Linux")
        .put("architecture", "x86_64").put("cpuCount", 4).put("memoryTotalBytes", 8L << 30)
        .put("kernelVersion", "6.1.0-sim");
  }

  private static long percentile(List<Long> values, int percent) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
  }
}
