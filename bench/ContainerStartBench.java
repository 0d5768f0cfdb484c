import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Create + start latency at an engine's own Docker API on a unix socket: one keep-alive
 * connection, {@code POST /containers/create} then {@code POST /containers/{id}/start}, timed from
 * sending the create to the start's answer; each container is force-removed afterwards (not timed).
 * The same client measures any engine with a Docker-compatible API (podman's {@code system service}
 * too). Run by bench/container-run.sh:
 * {@code java bench/ContainerStartBench.java <socket> <image> <runs> [extra HostConfig JSON members]}.
 */
public class ContainerStartBench {
  private static final int WARMUP = 5;
  private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{64})\"");

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    String image = args[1];
    int runs = Integer.parseInt(args[2]);
    String hostConfig = args.length > 3 && !args[3].isEmpty() ? "," + args[3] : "";
    String create = "{\"Image\":\"" + image + "\",\"Cmd\":[\"sleep\",\"300\"],\"HostConfig\":{\"NetworkMode\":\"none\""
        + hostConfig + "}}";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      Http http = new Http(Channels.newInputStream(channel), Channels.newOutputStream(channel));
      List<Double> total = new ArrayList<>();
      List<Double> creates = new ArrayList<>();
      for (int i = 0; i < WARMUP + runs; i++) {
        long t0 = System.nanoTime();
        String created = http.call("POST", "/v1.47/containers/create", create, 201);
        long t1 = System.nanoTime();
        Matcher id = ID.matcher(created);
        if (!id.find()) {
          throw new IllegalStateException("no Id in " + created);
        }
        http.call("POST", "/v1.47/containers/" + id.group(1) + "/start", null, 204);
        long t2 = System.nanoTime();
        http.call("DELETE", "/v1.47/containers/" + id.group(1) + "?force=1", null, 204);
        if (i >= WARMUP) {
          total.add((t2 - t0) / 1e6);
          creates.add((t1 - t0) / 1e6);
        }
      }
      report("create+start (POST create -> start answered)", total);
      report("  of which create", creates);
    }
  }

  private static void report(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%s over %d runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
  }

  /** Just enough HTTP/1.1 for answers with a Content-Length (or none, for 204). */
  private record Http(InputStream in, OutputStream out) {
    String call(String method, String path, String json, int expected) throws IOException {
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      out.write((method + " " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String status = line();
      int length = 0;
      for (String header = line(); !header.isEmpty(); header = line()) {
        if (header.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(header.substring(15).strip());
        }
      }
      String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      if (!status.startsWith("HTTP/1.1 " + expected + " ")) {
        throw new IllegalStateException(method + " " + path + ": " + status + " " + answer);
      }
      return answer;
    }

    private String line() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          bytes.write(b);
        }
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
