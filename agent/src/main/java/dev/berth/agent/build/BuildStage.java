package dev.berth.agent.build;

import dev.berth.agent.image.Image;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one stage of a build stands: the image so far, the config the next image gets, the
 * shell for shell forms, and the ARGs declared in the stage (their values: {@code --build-arg},
 * else the default). ARGs serve substitution and RUN's environment but never reach the config.
 */
final class BuildStage {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  final String name;
  String author;
  Image image;
  ContainerConfig config;
  final Map<String, String> args = new LinkedHashMap<>();
  /** Whether the stage has a CMD of its own (an ENTRYPOINT then keeps it). */
  boolean cmdSet;

  BuildStage(String name, Image image, ContainerConfig config) {
    this.name = name;
    this.image = image;
    this.config = config == null ? new ContainerConfig() : copy(config);
  }

  /** The shell of shell-form RUN, CMD and ENTRYPOINT. */
  List<String> shell() {
    return config.shell == null || config.shell.isEmpty() ? DEFAULT_SHELL : config.shell;
  }

  /** Variables for substitution: the declared ARGs, then the config's ENV over them. */
  Map<String, String> substitutions() {
    Map<String, String> vars = new LinkedHashMap<>();
    args.forEach((name, value) -> {
      if (value != null) {
        vars.put(name, value);
      }
    });
    vars.putAll(env());
    return vars;
  }

  /** The config's ENV as a map. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    if (config.env != null) {
      for (String pair : config.env) {
        int equals = pair.indexOf('=');
        env.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
      }
    }
    return env;
  }

  /** The ARGs with values that ENV does not hide: what RUN adds to its environment and its history. */
  Map<String, String> runArgs() {
    Map<String, String> env = env();
    Map<String, String> visible = new java.util.TreeMap<>();
    args.forEach((name, value) -> {
      if (value != null && !env.containsKey(name)) {
        visible.put(name, value);
      }
    });
    return visible;
  }

  static ContainerConfig copy(ContainerConfig config) {
    return ImageJson.mapper().convertValue(ImageJson.mapper().valueToTree(config), ContainerConfig.class);
  }
}
