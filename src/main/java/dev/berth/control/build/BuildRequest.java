package dev.berth.control.build;

import dev.berth.control.api.ApiProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a build asks for besides its context: the tags, the build args, the Dockerfile's path in
 * the context. Checked when it is made, so a bad request is refused before anything is sent to
 * the host; {@link #query} is the agent's {@code POST /build} query for it.
 */
public record BuildRequest(List<String> tags, Map<String, String> buildArgs, String dockerfile) {
  // Docker's reference grammar: [domain[:port]/]path-component(/path-component)*[:tag], lower case.
  private static final Pattern REFERENCE = Pattern.compile(
      "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\\w][\\w.-]{0,127})?$");
  private static final Pattern ARG_NAME = Pattern.compile("^[^=\\s]+$");
  private static final String DEFAULT_DOCKERFILE = "Dockerfile";

  /** Checks every field; blank tags are dropped, a missing Dockerfile path is {@code Dockerfile}. */
  public BuildRequest {
    List<String> given = new ArrayList<>();
    for (String tag : tags == null ? List.<String>of() : tags) {
      if (tag == null || tag.isBlank()) {
        continue;
      }
      if (!REFERENCE.matcher(tag.strip()).matches() || tag.strip().length() > 255) {
        throw ApiProblem.badRequest("invalid tag " + tag.strip() + ": invalid reference format (a name in lower case, "
            + "optionally with a registry and a :tag)");
      }
      given.add(tag.strip());
    }
    tags = List.copyOf(given);
    Map<String, String> args = new LinkedHashMap<>();
    (buildArgs == null ? Map.<String, String>of() : buildArgs).forEach((name, value) -> {
      if (name == null || !ARG_NAME.matcher(name).matches()) {
        throw ApiProblem.badRequest("invalid build arg name '" + name + "'");
      }
      args.put(name, value == null ? "" : value);
    });
    buildArgs = java.util.Collections.unmodifiableMap(args);
    dockerfile = dockerfile == null || dockerfile.isBlank() ? DEFAULT_DOCKERFILE : dockerfile.strip();
    if (dockerfile.startsWith("/") || List.of(dockerfile.split("/")).contains("..")) {
      throw ApiProblem.badRequest("the Dockerfile path must be relative to the context, without '..': " + dockerfile);
    }
  }

  /** Build args from {@code KEY=VALUE} entries (one per line in each; blank lines skipped). */
  public static Map<String, String> parseArgs(List<String> entries) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String entry : entries == null ? List.<String>of() : entries) {
      for (String line : entry.split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        int equals = line.indexOf('=');
        if (equals <= 0) {
          throw ApiProblem.badRequest("a build arg is KEY=VALUE, not '" + line.strip() + "'");
        }
        args.put(line.substring(0, equals).strip(), line.substring(equals + 1));
      }
    }
    return args;
  }

  /** Tags from entries that each hold one or more, separated by spaces or commas. */
  public static List<String> parseTags(List<String> entries) {
    List<String> tags = new ArrayList<>();
    for (String entry : entries == null ? List.<String>of() : entries) {
      for (String tag : entry.split("[\\s,]+")) {
        if (!tag.isEmpty()) {
          tags.add(tag);
        }
      }
    }
    return tags;
  }

  /** The query of the agent's {@code POST /build} (without the {@code ?}). */
  String query() {
    StringBuilder query = new StringBuilder("rm=1&dockerfile=").append(encode(dockerfile));
    tags.forEach(tag -> query.append("&t=").append(encode(tag)));
    if (!buildArgs.isEmpty()) {
      StringBuilder json = new StringBuilder("{");
      buildArgs.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
          .append(quote(name)).append(':').append(quote(value)));
      query.append("&buildargs=").append(encode(json.append('}').toString()));
    }
    return query.toString();
  }

  private static String quote(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
