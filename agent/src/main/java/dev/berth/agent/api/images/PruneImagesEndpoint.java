package dev.berth.agent.api.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.PruneReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /images/prune?filters=}: {@code docker image prune}. {@code dangling=false} (what
 * {@code -a} sends) prunes every unused image; {@code until} takes a time or a Go duration
 * ({@code 24h}), {@code label}/{@code label!} select by label.
 */
public final class PruneImagesEndpoint implements DockerEndpoint {
  private static final Set<String> FILTERS = Set.of("dangling", "label", "label!", "until");
  private static final Pattern DURATION = Pattern.compile("(?:([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h))+");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

  private final ImageService images;

  /** Prunes the images of {@code images}. */
  public PruneImagesEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request).accepting(FILTERS);
    boolean danglingOnly = filters.bool("dangling", true);
    Map<String, List<String>> selection = new LinkedHashMap<>(filters.values());
    selection.remove("dangling");
    List<String> until = selection.get("until");
    if (until != null) {
      if (until.size() > 1) {
        throw new DockerApiException(400, "more than one until filter specified");
      }
      selection.put("until", until.stream().map(PruneImagesEndpoint::absolute).toList());
    }
    PruneReport report;
    try {
      report = images.prune(!danglingOnly, selection);
    } catch (IOException | RuntimeException e) {
      throw ImageErrors.of(e, null);
    }
    ObjectNode json = JsonReply.object();
    // Go's nil slice: nothing deleted is null, not [].
    json.set("ImagesDeleted", report.deleted().isEmpty() ? null : JsonReply.mapper().valueToTree(report.deleted()));
    json.put("SpaceReclaimed", report.spaceReclaimed());
    JsonReply.send(response, 200, json);
  }

  /** A Go duration ({@code 1h30m}) as the unix time that long ago; other values as they are. */
  private static String absolute(String value) {
    if (!DURATION.matcher(value).matches()) {
      return value;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = DURATION_PART.matcher(value);
    while (part.find()) {
      long unit = switch (part.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    Instant then = Instant.now().minusNanos(nanos.longValue());
    return Long.toString(then.getEpochSecond());
  }
}
