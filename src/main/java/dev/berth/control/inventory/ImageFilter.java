package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Which images to show: by dangling state, by reference (a Docker-style pattern such as
 * {@code busybox}, {@code busybox:*} or {@code team/app:1.*}, matched against every tag), by label
 * ({@code key} or {@code key=value}), and by whether containers use them.
 */
public record ImageFilter(Boolean dangling, String reference, String label, Boolean inUse) {

  /** Whether the image passes every given condition. */
  public boolean matches(HostImage image) {
    return (dangling == null || dangling == image.dangling)
        && (inUse == null || inUse == (image.containers > 0))
        && (reference == null || anyTagMatches(image.repoTags))
        && (label == null || LabelSelector.parse(label).matches(image.labels));
  }

  private boolean anyTagMatches(JsonNode tags) {
    Pattern pattern = glob(reference.contains(":") ? reference : reference + ":*");
    for (JsonNode tag : tags) {
      if (pattern.matcher(tag.asText()).matches() || pattern.matcher(familiar(tag.asText())).matches()) {
        return true;
      }
    }
    return false;
  }

  // "docker.io/library/busybox:latest" is "busybox:latest" to people.
  static String familiar(String tag) {
    return tag.replaceFirst("^docker\\.io/(library/)?", "");
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
