package dev.berth.agent.localapi;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The head of one HTTP/1.1 request: request line and header fields, read within a size limit.
 *
 * <pre>
 *   POST /v1.47/containers/create?name=web HTTP/1.1\r\n     request line: method, origin-form target, version
 *   Host: api.moby.localhost\r\n                            fields: name ":" OWS value OWS
 *   Content-Type: application/json\r\n
 *   Transfer-Encoding: chunked\r\n
 *   \r\n                                                    end of the head; the body follows
 * </pre>
 *
 * @param method e.g. {@code GET}
 * @param target path and query as sent, e.g. {@code /v1.47/containers/json?all=1}
 * @param http11 whether the version is HTTP/1.1 (else HTTP/1.0)
 * @param headers the fields, names matched case-insensitively, values in the order sent
 */
record RequestHead(String method, String target, boolean http11, Map<String, List<String>> headers) {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern VERSION = Pattern.compile("HTTP/(\\d)\\.(\\d)");
  private static final int MAX_EMPTY_LINES = 8;

  /**
   * Reads the next head from {@code in}, at most {@code limit} bytes of lines (431 beyond); null
   * when the client closed the connection between requests.
   */
  static RequestHead read(SocketInput in, int limit) throws IOException {
    Budget budget = new Budget(limit);
    String requestLine = budget.line(in);
    for (int skipped = 0; requestLine != null && requestLine.isEmpty(); skipped++) {
      if (skipped == MAX_EMPTY_LINES) {
        throw new HttpProtocolException(400, "malformed HTTP request: no request line");
      }
      requestLine = budget.line(in); // RFC 9112 2.2: empty lines before a request are ignored
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || !parts[1].startsWith("/")
        || !visible(parts[1])) {
      throw new HttpProtocolException(400, "malformed HTTP request " + quoted(requestLine));
    }
    var version = VERSION.matcher(parts[2]);
    if (!version.matches()) {
      throw new HttpProtocolException(400, "malformed HTTP version " + quoted(parts[2]));
    }
    if (!version.group(1).equals("1")) {
      throw new HttpProtocolException(505, "HTTP version not supported: " + parts[2]);
    }
    return new RequestHead(parts[0], parts[1], !version.group(2).equals("0"), fields(in, budget));
  }

  private static Map<String, List<String>> fields(SocketInput in, Budget budget) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String field = budget.line(in); ; field = budget.line(in)) {
      if (field == null) {
        throw new EOFException("the connection ended inside a request head");
      }
      if (field.isEmpty()) {
        return Collections.unmodifiableMap(headers);
      }
      int colon = field.indexOf(':');
      if (colon <= 0 || !TOKEN.matcher(field.substring(0, colon)).matches()) {
        throw new HttpProtocolException(400, "malformed MIME header line: " + quoted(field));
      }
      String value = field.substring(colon + 1).strip();
      if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        throw new HttpProtocolException(400, "invalid header field value for " + quoted(field.substring(0, colon)));
      }
      headers.computeIfAbsent(field.substring(0, colon), name -> new ArrayList<>()).add(value);
    }
  }

  /** The values of header {@code name}, split at commas as list-valued fields are. */
  List<String> listHeader(String name) {
    List<String> items = new ArrayList<>();
    for (String value : headers.getOrDefault(name, List.of())) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.strip());
        }
      }
    }
    return items;
  }

  /** Whether the client waits for {@code 100 Continue} before it sends the body. */
  boolean expectsContinue() {
    return http11 && listHeader("Expect").stream().anyMatch("100-continue"::equalsIgnoreCase);
  }

  /** Whether the client wants the connection kept open after this exchange. */
  boolean keepAlive() {
    List<String> connection = listHeader("Connection");
    return http11
        ? connection.stream().noneMatch("close"::equalsIgnoreCase)
        : connection.stream().anyMatch("keep-alive"::equalsIgnoreCase);
  }

  /** Whether this is a HEAD request, whose answer has no body. */
  boolean isHead() {
    return method.equals("HEAD");
  }

  private static boolean visible(String text) {
    return text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static String quoted(String text) {
    String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
    return '"' + shown.replaceAll("[^\\x20-\\x7e]", "?") + '"';
  }

  /** The bytes a head may still take. */
  private static final class Budget {
    private int left;

    Budget(int limit) {
      this.left = limit;
    }

    String line(SocketInput in) throws IOException {
      String line = in.readLine(left, () -> new HttpProtocolException(431, "request header fields too large"));
      if (line != null) {
        left -= line.length() + 2;
        if (left < 0) {
          throw new HttpProtocolException(431, "request header fields too large");
        }
      }
      return line;
    }
  }
}
