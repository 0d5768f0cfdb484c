package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerUserTest {
  @TempDir Path rootfs;

  @BeforeEach
  void writeAccounts() throws IOException {
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        app:x:1000:1000:App:/home/app:/bin/sh
        www:x:33:33::/var/www:/bin/false
        """);
    Files.writeString(etc.resolve("group"), """
        root:x:0:
        app:x:1000:
        audio:x:29:app,www
        video:x:44:app
        staff:x:50:
        """);
  }

  @Test
  void rootByDefaultWithTheGroupsListingRoot() throws IOException {
    assertEquals(new ContainerUser(0, 0, List.of()), ContainerUser.resolve(rootfs, null));
    assertEquals(new ContainerUser(0, 0, List.of()), ContainerUser.resolve(rootfs, ""));
  }

  @Test
  void aNameTakesItsUidPrimaryGidAndSupplementaryGroups() throws IOException {
    assertEquals(new ContainerUser(1000, 1000, List.of(29L, 44L)), ContainerUser.resolve(rootfs, "app"));
    assertEquals(new ContainerUser(1000, 1000, List.of(29L, 44L)), ContainerUser.resolve(rootfs, "1000"));
  }

  @Test
  void anUnknownNumberIsUsedAsItIsWithGidZero() throws IOException {
    assertEquals(new ContainerUser(4242, 0, List.of()), ContainerUser.resolve(rootfs, "4242"));
    assertEquals(new ContainerUser(4242, 77, List.of()), ContainerUser.resolve(rootfs, "4242:77"));
  }

  @Test
  void anExplicitGroupByNameOrIdReplacesThePrimaryAndDropsSupplementaryGroups() throws IOException {
    assertEquals(new ContainerUser(1000, 50, List.of()), ContainerUser.resolve(rootfs, "app:staff"));
    assertEquals(new ContainerUser(33, 44, List.of()), ContainerUser.resolve(rootfs, "www:44"));
  }

  @Test
  void unknownNamesAreClearErrors() {
    IllegalArgumentException user =
        assertThrows(IllegalArgumentException.class, () -> ContainerUser.resolve(rootfs, "nobody"));
    assertEquals("unable to find user nobody: no matching entries in passwd file", user.getMessage());
    IllegalArgumentException group =
        assertThrows(IllegalArgumentException.class, () -> ContainerUser.resolve(rootfs, "app:wheel"));
    assertEquals("unable to find group wheel: no matching entries in group file", group.getMessage());
  }

  @Test
  void withoutAccountFilesOnlyNumbersWork() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.delete(rootfs.resolve("etc/group"));
    assertEquals(new ContainerUser(0, 0, List.of()), ContainerUser.resolve(rootfs, null));
    assertEquals(new ContainerUser(5, 6, List.of()), ContainerUser.resolve(rootfs, "5:6"));
    assertThrows(IllegalArgumentException.class, () -> ContainerUser.resolve(rootfs, "app"));
  }

  @Test
  void passwdIsReadThroughSymlinksInsideTheRootfs() throws IOException {
    Path elsewhere = Files.createDirectories(rootfs.resolve("shared"));
    Files.move(rootfs.resolve("etc/passwd"), elsewhere.resolve("passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/shared/passwd"));
    assertEquals(new ContainerUser(33, 33, List.of(29L)), ContainerUser.resolve(rootfs, "www"));
  }
}
