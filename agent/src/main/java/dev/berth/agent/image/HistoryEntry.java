package dev.berth.agent.image;

import dev.berth.agent.image.json.ImageConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of {@code docker history}: a step that made the image, newest first.
 *
 * @param id the image id for the top row, {@code <missing>} for steps without a local image
 * @param created when the step ran
 * @param createdBy the command of the step
 * @param tags the image's tags, on the top row
 * @param size bytes the step's layer takes unpacked (0 for an empty layer)
 * @param emptyLayer whether the step made no layer
 * @param comment the step's comment
 */
public record HistoryEntry(String id, Instant created, String createdBy, List<String> tags, long size,
    boolean emptyLayer, String comment) {

  /** The history of {@code image}, newest first, with layer sizes from the store. */
  public static List<HistoryEntry> of(Image image, ImageConfig config, List<String> tags) {
    List<HistoryEntry> rows = new ArrayList<>();
    int layer = 0;
    for (ImageConfig.History step : config.historyOrEmpty()) {
      long size = 0;
      if (!step.isEmptyLayer()) {
        size = layer < image.layerSizes().size() ? image.layerSizes().get(layer) : 0;
        layer++;
      }
      rows.add(new HistoryEntry("<missing>", instant(step.created()), nullToEmpty(step.createdBy()), List.of(), size,
          step.isEmptyLayer(), nullToEmpty(step.comment())));
    }
    Collections.reverse(rows);
    if (!rows.isEmpty()) {
      HistoryEntry top = rows.get(0);
      rows.set(0, new HistoryEntry(image.id().toString(), top.created(), top.createdBy(), tags, top.size(),
          top.emptyLayer(), top.comment()));
    }
    return rows;
  }

  /** Parses an RFC 3339 time as configs carry it; EPOCH when absent or malformed. */
  public static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return java.time.OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
