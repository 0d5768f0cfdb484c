package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stock docker CLI on volumes, binds, {@code --mount}, {@code --volumes-from}, copy-up and the
 * guide's data-volume-container backup and restore, with real mounts; the agent's traces (mounts
 * of volumes with driver options too, all under the test's directory) go in {@link ContainerApi#close}.
 */
@Tag("root")
class VolumeCliCompatibilityAsRootTest extends CliOnAgentTest {
  @Test
  void volumesAreCreatedInspectedListedFilteredAndRemoved() throws Exception {
    assertEquals("data1", docker.run("volume", "create", "--label", "team=a", "data1").strip());
    String generated = docker.run("volume", "create").strip();
    assertTrue(generated.matches("[0-9a-f]{64}"), generated);
    assertEquals("data1", docker.run("volume", "create", "data1").strip(), "an existing name is returned as it is");
    String inspect = docker.run("volume", "inspect", "--format",
        "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Mountpoint}} {{.CreatedAt}}", "data1").strip();
    Path data = dir.resolve("data/volumes/data1/_data");
    assertTrue(inspect.startsWith("data1 local local map[team:a] " + data.toRealPath() + " 20"), inspect);
    assertTrue(Files.isDirectory(data));

    assertEquals(List.of("data1", generated).stream().sorted().toList(), lines(docker.run("volume", "ls", "-q")));
    assertEquals(List.of("data1"), lines(docker.run("volume", "ls", "-q", "-f", "label=team=a")));
    assertEquals(List.of("data1"), lines(docker.run("volume", "ls", "-q", "-f", "name=ata")));
    assertEquals(List.of(), lines(docker.run("volume", "ls", "-q", "-f", "dangling=false")));
    assertTrue(docker.fails("volume", "create", "a").contains("volume name is too short"));
    assertTrue(docker.fails("volume", "create", "bad/name").contains("includes invalid characters for a local volume name"));
    assertTrue(docker.fails("volume", "create", "-o", "colour=blue", "opts").contains("invalid option: \"colour\""));
    assertTrue(docker.fails("volume", "inspect", "nothere").contains("no such volume"));

    docker.run("volume", "rm", "data1", generated);
    assertEquals(List.of(), lines(docker.run("volume", "ls", "-q")));
    assertFalse(Files.exists(data));
    assertTrue(docker.fails("volume", "rm", "data1").contains("get data1: no such volume"));
    docker.run("volume", "rm", "-f", "data1");
  }

  @Test
  void aVolumeWithDriverOptionsIsMountedWhileUsedAndUnmountedAfter() throws Exception {
    docker.run("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=1m", "scratch");
    Path data = dir.resolve("data/volumes/scratch/_data").toRealPath();
    assertFalse(mounted(data), "not mounted before a container uses it");
    String seen = docker.run("run", "--rm", "-v", "scratch:/s", "busybox", "sh", "-c",
        "echo hi > /s/f; cat /s/f; grep ' /s ' /proc/mounts");
    assertTrue(seen.contains("hi") && seen.contains("tmpfs /s tmpfs") && seen.contains("size=1024k"), seen);
    for (int i = 0; i < 100 && mounted(data); i++) {
      Thread.sleep(50);
    }
    assertFalse(mounted(data), "unmounted when no container uses it any more");
    assertTrue(docker.run("volume", "inspect", "--format", "{{.Options}}", "scratch").contains("type:tmpfs"));
  }

  @Test
  void bindsVolumesAndTmpfsMountsAreMountedAsAskedAndReadOnlyOnesRefuseWrites() throws Exception {
    Path host = Files.createDirectories(dir.resolve("host"));
    Files.writeString(host.resolve("given.txt"), "from the host\n");
    Path missing = dir.resolve("made/by/agent");
    String out = docker.run("run", "--rm", "-v", host + ":/h:ro", "-v", missing + ":/m", "-v", "named:/n",
        "busybox", "sh", "-c", "cat /h/given.txt; echo x > /h/no 2>&1 || echo refused; echo kept > /m/f; echo vol > /n/f");
    assertTrue(out.contains("from the host") && out.contains("refused") && out.contains("Read-only file system"), out);
    assertEquals("kept\n", Files.readString(missing.resolve("f")), "a missing -v host directory is created");
    assertEquals("vol", docker.run("run", "--rm", "-v", "named:/again", "busybox", "cat", "/again/f").strip());
    assertEquals(List.of("named"), lines(docker.run("volume", "ls", "-q")), "--rm keeps named volumes");

    String mounts = docker.run("run", "--rm", "--mount", "type=volume,source=named,target=/v,readonly",
        "--mount", "type=bind,source=" + host + ",target=/b", "--mount", "type=tmpfs,target=/t,tmpfs-size=65536",
        "busybox", "sh", "-c", "cat /v/f; touch /v/x 2>&1; touch /b/made && echo bound; grep ' /t ' /proc/mounts");
    assertTrue(mounts.contains("vol") && mounts.contains("Read-only file system") && mounts.contains("bound")
        && mounts.contains("tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=64k"), mounts);
    assertTrue(Files.exists(host.resolve("made")));
    String error = docker.fails("run", "--rm", "--mount", "type=bind,source=/nowhere/x,target=/x", "busybox", "true");
    assertTrue(error.contains("invalid mount config for type \"bind\": bind source path does not exist: /nowhere/x"), error);
    assertTrue(docker.fails("run", "--rm", "-v", "named:/a", "-v", "other:/a/", "busybox", "true")
        .contains("Duplicate mount point: /a"));

    docker.run("create", "--name", "shown", "-v", "named:/n:ro", "-v", host + ":/h", "--mount",
        "type=volume,target=/anon", "busybox", "true");
    String inspect = docker.run("inspect", "--format",
        "{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}|{{.Driver}}|{{.Mode}}|{{.RW}}|{{.Propagation}};{{end}}"
        + " {{.HostConfig.Binds}} {{len .HostConfig.Mounts}}", "shown");
    assertTrue(inspect.contains("volume|named|" + dir.resolve("data/volumes/named/_data").toRealPath() + "|/n|local|ro|false|;"), inspect);
    assertTrue(inspect.contains("bind||" + host + "|/h||||true|rprivate;".replace("||||", "|||")), inspect);
    // the CLI collects -v in a Go map, so it sends the binds in any order
    assertTrue(inspect.contains("[named:/n:ro " + host + ":/h] 1") || inspect.contains("[" + host + ":/h named:/n:ro] 1"),
        inspect);
  }

  @Test
  void newVolumesGetTheImagesContentButNotWithNocopyNorBinds() throws Exception {
    docker.run("run", "--name", "seed", "busybox", "sh", "-c",
        "mkdir -p /seed/sub && echo one > /seed/a && chmod 640 /seed/a && chown 1000:1000 /seed/a"
            + " && ln -s a /seed/link && ln /seed/a /seed/hard && chmod 1777 /seed");
    docker.run("commit", "--change", "VOLUME /seed", "seed", "seeded");
    String copied = docker.run("run", "--rm", "-v", "fresh:/seed", "seeded", "sh", "-c",
        "stat -c '%n %a %u:%g %h' /seed /seed/a; readlink /seed/link; cat /seed/a");
    assertTrue(copied.contains("/seed 1777 0:0") && copied.contains("/seed/a 640 1000:1000 2") && copied.contains("\na\n")
        && copied.contains("one"), copied);
    assertEquals("", docker.run("run", "--rm", "--mount", "type=volume,source=empty,target=/seed,volume-nocopy",
        "seeded", "ls", "/seed").strip());
    Path host = Files.createDirectories(dir.resolve("bind"));
    assertEquals("", docker.run("run", "--rm", "-v", host + ":/seed", "seeded", "ls", "/seed").strip());
    String anonymous = docker.run("run", "--rm", "seeded", "sh", "-c", "cat /seed/a; grep ' /seed ' /proc/mounts | wc -l");
    assertEquals(List.of("one", "1"), lines(anonymous), "the image's VOLUME is an anonymous volume, copied up");
    assertEquals(List.of("empty", "fresh"), lines(docker.run("volume", "ls", "-q")), "--rm removed the anonymous one");
  }

  @Test
  void volumesFromChainsAreFollowedAndVolumesInUseAreKept() throws Exception {
    String dataId = docker.run("create", "-v", "/dbdata", "--name", "dbdata", "busybox", "/bin/true").strip();
    String anonymous = docker.run("inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", "dbdata").strip();
    assertTrue(anonymous.matches("[0-9a-f]{64}"), anonymous);
    docker.run("create", "--name", "middle", "--volumes-from", "dbdata", "-v", "other:/other", "busybox", "true");
    String out = docker.run("run", "--rm", "--volumes-from", "middle", "busybox", "sh", "-c",
        "echo chained > /dbdata/f && echo other > /other/f && echo ok");
    assertTrue(out.contains("ok"), out);
    String ro = docker.run("run", "--rm", "--volumes-from", "middle:ro", "busybox", "sh", "-c",
        "cat /dbdata/f; touch /other/x 2>&1; true");
    assertTrue(ro.contains("chained") && ro.contains("Read-only file system"), ro);
    assertEquals(List.of(anonymous, "other").stream().sorted().toList(), lines(docker.run("volume", "ls", "-q")),
        "the consumer's --rm left the volumes its sources still use");

    String refused = docker.fails("volume", "rm", anonymous);
    assertTrue(refused.contains("remove " + anonymous + ": volume is in use - ["), refused);
    assertTrue(refused.contains(dataId), refused);
    assertTrue(docker.fails("volume", "rm", "-f", "other").contains("volume is in use"));
    assertEquals(List.of(), lines(docker.run("volume", "ls", "-q", "-f", "dangling=true")));
    assertTrue(docker.run("volume", "prune", "-a", "-f").contains("Total reclaimed space: 0B"));

    docker.run("rm", "middle");
    docker.run("rm", "-v", "dbdata");
    assertEquals(List.of("other"), lines(docker.run("volume", "ls", "-q")), "rm -v took the anonymous volume, not the named one");
    docker.run("volume", "create", "keepme");
    docker.run("create", "-v", "/anon", "--name", "leaves", "busybox", "true");
    docker.run("rm", "leaves");
    assertEquals(3, lines(docker.run("volume", "ls", "-q", "-f", "dangling=true")).size());
    String pruned = docker.run("volume", "prune", "-f");
    assertTrue(pruned.contains("Deleted Volumes:"), pruned);
    assertEquals(List.of("keepme", "other"), lines(docker.run("volume", "ls", "-q")), "prune takes anonymous ones only");
    String all = docker.run("volume", "prune", "-a", "-f");
    assertTrue(all.contains("keepme") && all.contains("other") && all.contains("Total reclaimed space: 6B"), all);
    assertEquals(List.of(), lines(docker.run("volume", "ls", "-q")));
  }

  @Test
  void theGuidesDataVolumeContainerBackupAndRestoreWork() throws Exception {
    Path backup = Files.createDirectories(dir.resolve("backup"));
    docker.run("create", "-v", "/dbdata", "--name", "dbdata", "busybox", "/bin/true");
    docker.run("run", "--rm", "--volumes-from", "dbdata", "busybox", "sh", "-c",
        "mkdir /dbdata/tables && echo row1 > /dbdata/tables/t1 && ln -s tables/t1 /dbdata/latest");
    String listed = docker.run("run", "--rm", "--volumes-from", "dbdata", "-v", backup + ":/backup", "busybox",
        "tar", "cvf", "/backup/backup.tar", "/dbdata");
    assertTrue(listed.contains("dbdata/tables/t1"), listed);
    assertTrue(Files.size(backup.resolve("backup.tar")) > 0);

    docker.run("create", "-v", "/dbdata", "--name", "dbstore2", "busybox", "/bin/true");
    docker.run("run", "--rm", "--volumes-from", "dbstore2", "-v", backup + ":/backup", "busybox", "sh", "-c",
        "cd /dbdata && tar xvf /backup/backup.tar --strip 1");
    String restored = docker.run("run", "--rm", "--volumes-from", "dbstore2", "busybox", "sh", "-c",
        "cat /dbdata/tables/t1; readlink /dbdata/latest");
    assertEquals(List.of("row1", "tables/t1"), lines(restored));
  }

  private static boolean mounted(Path path) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(path.toString()));
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
