package dev.berth.agent.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BindSpecTest {
  @Test
  void readsAnonymousNamedAndHostPathSpecsWithTheirModes() {
    assertEquals(new BindSpec("", "/data", "", false, "", false), BindSpec.parse("/data/"));
    assertEquals(new BindSpec("", "/data", "ro", true, "", false), BindSpec.parse("/data:ro"));
    assertEquals(new BindSpec("db", "/var/db", "ro,nocopy", true, "", true), BindSpec.parse("db:/var/db:ro,nocopy"));
    BindSpec bind = BindSpec.parse("/srv/x:/x:rw,rshared,z");
    assertTrue(bind.isBind());
    assertEquals("rshared", bind.propagation());
    assertFalse(bind.readOnly());
  }

  @Test
  void refusesWhatDockerdRefusesInItsWords() {
    assertEquals("invalid mode: bogus", assertThrows(IllegalArgumentException.class,
        () -> BindSpec.parse("/a:/b:bogus")).getMessage());
    assertEquals("invalid mode: ro,rw", assertThrows(IllegalArgumentException.class,
        () -> BindSpec.parse("/a:/b:ro,rw")).getMessage());
    assertEquals("invalid volume specification: 'a:b:c:d'", assertThrows(IllegalArgumentException.class,
        () -> BindSpec.parse("a:b:c:d")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BindSpec.parse("vol:relative")).getMessage()
        .endsWith("invalid mount path: 'relative' mount path must be absolute"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BindSpec.parse("/a:/")).getMessage()
        .endsWith("destination can't be '/'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BindSpec.parse("b@d:/x")).getMessage()
        .contains("includes invalid characters for a local volume name"));
  }

  @Test
  void localDriverOptionsAreCheckedAsDockerdChecksThem() {
    assertTrue(LocalDriverOptions.of(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m")).needsMount());
    assertFalse(LocalDriverOptions.of(null).needsMount());
    assertEquals("invalid option: \"colour\"", assertThrows(IllegalArgumentException.class,
        () -> LocalDriverOptions.of(Map.of("colour", "blue"))).getMessage());
    assertEquals("missing required option: \"device\"", assertThrows(IllegalArgumentException.class,
        () -> LocalDriverOptions.of(Map.of("type", "tmpfs"))).getMessage());
  }
}
