import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job round trips and link throughput against a running control plane with one online host.
 * Run by bench/foundation.sh: java bench/FoundationBench.java <url> <admin token> <host>.
 */
public class FoundationBench {
  private static final int WARMUP = 100;
  private static final int JOBS = 1000;
  private static final long LINK_BYTES = 1L << 30;

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    String host = args[2];
    HttpClient http = HttpClient.newHttpClient();

    for (int i = 0; i < WARMUP; i++) {
      runJob(http, base, token, host);
    }
    List<Double> apiMillis = new ArrayList<>();
    List<Double> linkMillis = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      long started = System.nanoTime();
      String body = runJob(http, base, token, host);
      apiMillis.add((System.nanoTime() - started) / 1e6);
      linkMillis.add(Duration.between(instant(body, "createdAt"), instant(body, "finishedAt")).toNanos() / 1e6);
    }
    report("job round trip, API (POST /api/v1/jobs?wait, echo)", apiMillis);
    report("job round trip, created -> finished (server clock)", linkMillis);

    for (int run = 1; run <= 3; run++) {
      HttpResponse<String> test = http.send(request(base + "/api/v1/hosts/" + host + "/link-test?bytes=" + LINK_BYTES, token)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      System.out.printf("link throughput, one stream, 1 GiB, run %d: %.0f MB/s (heartbeat rtt %s ms)%n", run,
          number(test.body(), "megabytesPerSecond"), field(test.body(), "heartbeatMillis"));
    }
  }

  private static String runJob(HttpClient http, String base, String token, String host) throws Exception {
    HttpResponse<String> response = http.send(request(base + "/api/v1/jobs?wait=10", token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + host + "\",\"kind\":\"echo\",\"params\":{}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201 || !response.body().contains("\"state\":\"succeeded\"")) {
      throw new IllegalStateException("job failed: " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  private static void report(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%s over %d jobs: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
  }

  private static Instant instant(String json, String name) {
    return Instant.parse(field(json, name));
  }

  private static double number(String json, String name) {
    return Double.parseDouble(field(json, name));
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }
}
