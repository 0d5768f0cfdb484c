package dev.berth.control.web;

import dev.berth.control.fleet.Host;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;

/** Where each host's published ports are reached ({@link Host#publishedAddress()}), for the pages' port links. */
@ApplicationScoped
public class HostAddresses {

  /** Every host's address by host name (hosts without a known address are left out). */
  @Transactional
  public Map<String, String> byName() {
    Map<String, String> addresses = new HashMap<>();
    for (Host host : Host.<Host>listAll()) {
      if (host.publishedAddress() != null) {
        addresses.put(host.name, host.publishedAddress());
      }
    }
    return addresses;
  }
}
