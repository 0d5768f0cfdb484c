package dev.berth.agent.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's JSON message stream (pull, push, import, load, build): one JSON object per line,
 * each line ending in {@code \r\n} as dockerd's stream formatter writes them, flushed at once.
 * Safe to call from several threads (a pull's parallel downloads): lines never interleave.
 */
public final class JsonMessageStream {
  private static final byte[] NEWLINE = {'\r', '\n'};

  private final OutputStream out;

  /** Writes messages to {@code out} (usually a {@link StreamedBody}). */
  public JsonMessageStream(OutputStream out) {
    this.out = out;
  }

  /** {@code {"status": "..."}}, e.g. the id an import made. */
  public void status(String status) throws IOException {
    write(JsonReply.object().put("status", status));
  }

  /** {@code {"status": "...", "progressDetail": {}, "id": "..."}}: one step of one item (of none if id is null). */
  public void status(String id, String status) throws IOException {
    ObjectNode line = JsonReply.object().put("status", status);
    line.putObject("progressDetail");
    write(id == null ? line : line.put("id", id));
  }

  /**
   * {@code {"status": "...", "progressDetail": {...}, "progress": "[==>  ] 1.2MB/5MB", "id": "..."}}:
   * a progress line of one item, with the bar dockerd renders for clients that print it as is.
   */
  public void progress(String id, String status, long current, long total) throws IOException {
    ObjectNode line = JsonReply.object().put("status", status);
    line.putObject("progressDetail").put("current", current).put("total", total);
    line.put("progress", ProgressBar.render(current, total));
    write(line.put("id", id));
  }

  /** {@code {"stream": "..."}}: text for the client to print as it is, e.g. "Loaded image: x\n". */
  public void stream(String text) throws IOException {
    write(JsonReply.object().put("stream", text));
  }

  /** {@code {"aux": {"ID": "..."}}}: the image a build made, for clients that keep it ({@code --iidfile}). */
  public void auxId(String id) throws IOException {
    ObjectNode line = JsonReply.object();
    line.putObject("aux").put("ID", id);
    write(line);
  }

  /** {@code {"errorDetail": {"message": "..."}, "error": "..."}}: the operation failed. */
  public void error(String message) throws IOException {
    ObjectNode line = JsonReply.object();
    line.putObject("errorDetail").put("message", message);
    write(line.put("error", message));
  }

  private synchronized void write(ObjectNode line) throws IOException {
    out.write(JsonReply.mapper().writeValueAsBytes(line));
    out.write(NEWLINE);
    out.flush();
  }
}
