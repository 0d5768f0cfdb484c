import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Render times of dashboard pages against a running control plane: 50 warm-up rounds, then 50
 * measured rounds, each round one GET of every page in turn (so a passing burst of load on the
 * machine falls on every page alike), timed from the request to the last byte of the answer on
 * loopback: an upper bound of the server's render time. Run by bench/dashboard.sh:
 * java bench/DashboardBench.java <url> <admin token> <page path>...
 */
public class DashboardBench {
  private static final int WARMUP_ROUNDS = 50;
  private static final int MEASURED_ROUNDS = 50;
  private static final double GOAL_MILLIS = 150;

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    HttpClient http = HttpClient.newHttpClient();
    List<HttpRequest> requests = new ArrayList<>();
    List<List<Double>> millis = new ArrayList<>();
    int[] bytes = new int[args.length - 2];
    for (int i = 2; i < args.length; i++) {
      requests.add(HttpRequest.newBuilder(URI.create(base + args[i])).header("Authorization", "Bearer " + token).build());
      millis.add(new ArrayList<>());
    }
    for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
      for (int p = 0; p < requests.size(); p++) {
        long started = System.nanoTime();
        bytes[p] = fetch(http, requests.get(p));
        if (round >= WARMUP_ROUNDS) {
          millis.get(p).add((System.nanoTime() - started) / 1e6);
        }
      }
    }
    System.out.printf("%-34s %9s %9s %9s %9s  %s%n", "page", "p50 ms", "p99 ms", "max ms", "KiB", "goal p99 <= 150 ms");
    for (int p = 0; p < requests.size(); p++) {
      List<Double> sorted = millis.get(p);
      Collections.sort(sorted);
      double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
      System.out.printf("%-34s %9.1f %9.1f %9.1f %9.0f  %s%n", args[p + 2], sorted.get(sorted.size() / 2), p99,
          sorted.get(sorted.size() - 1), bytes[p] / 1024.0, p99 <= GOAL_MILLIS ? "met" : "MISSED");
    }
  }

  private static int fetch(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
    }
    return response.body().length;
  }
}
