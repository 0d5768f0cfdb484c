import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Render times of dashboard pages against a running control plane: 20 warm-up and 50 measured
 * GETs of each page, one after another, timed from the request to the last byte of the answer on
 * loopback (so an upper bound of the server's render time). Run by bench/dashboard.sh:
 * java bench/DashboardBench.java <url> <admin token> <page path>...
 */
public class DashboardBench {
  private static final int WARMUP = 20;
  private static final int MEASURED = 50;
  private static final double GOAL_MILLIS = 150;

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    HttpClient http = HttpClient.newHttpClient();
    System.out.printf("%-34s %9s %9s %9s %9s  %s%n", "page", "p50 ms", "p99 ms", "max ms", "KiB", "goal p99 <= 150 ms");
    for (int i = 2; i < args.length; i++) {
      String page = args[i];
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + page)).header("Authorization", "Bearer " + token).build();
      for (int w = 0; w < WARMUP; w++) {
        fetch(http, request);
      }
      List<Double> millis = new ArrayList<>();
      int bytes = 0;
      for (int m = 0; m < MEASURED; m++) {
        long started = System.nanoTime();
        bytes = fetch(http, request);
        millis.add((System.nanoTime() - started) / 1e6);
      }
      Collections.sort(millis);
      double p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
      System.out.printf("%-34s %9.1f %9.1f %9.1f %9.0f  %s%n", page, millis.get(millis.size() / 2), p99,
          millis.get(millis.size() - 1), bytes / 1024.0, p99 <= GOAL_MILLIS ? "met" : "MISSED");
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
