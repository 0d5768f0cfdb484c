package dev.berth.agent.runtime;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Container names: Docker's rule for given ones, {@code adjective_noun} (then a digit) for generated ones. */
public final class ContainerNames {
  private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> ADJECTIVES = List.of("agile", "amazing", "bold", "brave", "busy", "calm",
      "clever", "cool", "crisp", "eager", "elated", "epic", "fervent", "focused", "friendly", "gallant", "gentle",
      "happy", "hopeful", "jolly", "keen", "kind", "lucid", "magical", "modest", "nifty", "noble", "peaceful",
      "quirky", "relaxed", "serene", "sharp", "steady", "sweet", "tender", "upbeat", "vibrant", "wise", "witty",
      "zealous");
  private static final List<String> NOUNS = List.of("albatross", "anchor", "barge", "beacon", "buoy", "capstan",
      "clipper", "cove", "current", "dinghy", "dock", "ferry", "fjord", "galley", "harbor", "hull", "inlet", "jetty",
      "keel", "lagoon", "lighthouse", "mast", "mooring", "narwhal", "otter", "pelican", "pier", "quay", "reef",
      "rudder", "schooner", "seal", "skiff", "starfish", "tide", "trawler", "walrus", "wharf", "whale", "yacht");

  private ContainerNames() {}

  /** {@code name} without a leading slash, or an IllegalArgumentException in Docker's words. */
  public static String validate(String name) {
    String bare = name.startsWith("/") ? name.substring(1) : name;
    if (!VALID.matcher(bare).matches()) {
      throw new IllegalArgumentException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return bare;
  }

  /** A generated name that {@code taken} does not refuse: {@code adjective_noun}, with digits after collisions. */
  public static String generate(Predicate<String> taken) {
    for (int attempt = 0; ; attempt++) {
      String name = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
      if (attempt >= 10) {
        name += RANDOM.nextInt(10 * attempt);
      }
      if (!taken.test(name)) {
        return name;
      }
    }
  }
}
