package dev.berth.agent.image.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** PAX extended header records, {@code "<length> <key>=<value>\n"}, length in bytes. */
final class PaxHeaders {
  private final Map<String, String> values;

  private PaxHeaders(Map<String, String> values) {
    this.values = values;
  }

  static PaxHeaders parse(byte[] data) throws IOException {
    Map<String, String> values = new HashMap<>();
    int position = 0;
    while (position < data.length && data[position] != 0) {
      int space = position;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("malformed PAX header in image archive");
      }
      if (length <= 0 || position + length > data.length) {
        throw new IOException("malformed PAX header in image archive");
      }
      String record = new String(data, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        values.put(record.substring(0, equals), record.substring(equals + 1));
      }
      position += length;
    }
    return new PaxHeaders(values);
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }
}
