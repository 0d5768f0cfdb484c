package dev.berth.agent.network;

import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's {@code iptables} (whichever backend, nft or legacy, the host's alternatives pick) and
 * its {@code iptables-restore}, used together so rules always land in the same tables. Batches of
 * rules go through one {@code iptables-restore --noflush}: declaring a chain there empties it,
 * every other chain is left as it is.
 */
final class Iptables {
  private static final Path ROOT = Path.of("/");

  /** Whether {@code rule} ({@code -A}-less spec) is in {@code chain} of {@code table}. */
  boolean has(String table, String chain, List<String> rule) {
    try {
      HostCommand.run(ROOT, argv("iptables", "-t", table, "-C", chain, rule));
      return true;
    } catch (IOException absent) {
      return false;
    }
  }

  /** Adds {@code rule} to {@code chain} (first when {@code first}) unless it is there. */
  void ensure(String table, String chain, List<String> rule, boolean first) throws IOException {
    if (!has(table, chain, rule)) {
      HostCommand.run(ROOT, first ? argv("iptables", "-t", table, "-I", chain, "1", rule)
          : argv("iptables", "-t", table, "-A", chain, rule));
    }
  }

  /** Removes {@code rule} from {@code chain} while it is there. */
  void removeAll(String table, String chain, List<String> rule) throws IOException {
    while (has(table, chain, rule)) {
      HostCommand.run(ROOT, argv("iptables", "-t", table, "-D", chain, rule));
    }
  }

  /** Whether {@code chain} exists in {@code table}. */
  boolean chainExists(String table, String chain) {
    try {
      HostCommand.run(ROOT, List.of("iptables", "-w", "-t", table, "-S", chain));
      return true;
    } catch (IOException absent) {
      return false;
    }
  }

  /** Empties and deletes {@code chain} (one of Berth's) when it exists. */
  void deleteChain(String table, String chain) throws IOException {
    if (chainExists(table, chain)) {
      HostCommand.run(ROOT, List.of("iptables", "-w", "-t", table, "-F", chain));
      HostCommand.run(ROOT, List.of("iptables", "-w", "-t", table, "-X", chain));
    }
  }

  /** Applies {@code script} (iptables-save format, {@code *table} … {@code COMMIT}) atomically per table. */
  void restore(String script) throws IOException {
    HostCommand.run(ROOT, List.of("iptables-restore", "-w", "--noflush"), script);
  }

  private static List<String> argv(String tool, String tableOption, String table, String op, String chain,
      List<String> rule) {
    List<String> argv = new ArrayList<>(List.of(tool, "-w", tableOption, table, op, chain));
    argv.addAll(rule);
    return argv;
  }

  private static List<String> argv(String tool, String tableOption, String table, String op, String chain,
      String position, List<String> rule) {
    List<String> argv = new ArrayList<>(List.of(tool, "-w", tableOption, table, op, chain, position));
    argv.addAll(rule);
    return argv;
  }
}
