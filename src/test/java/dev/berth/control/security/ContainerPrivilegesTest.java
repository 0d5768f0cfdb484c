package dev.berth.control.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerPrivilegesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void findsEveryOptionThatReachesIntoTheHost() throws Exception {
    ContainerPrivileges asked = ContainerPrivileges.ofCreate(JSON.readTree("""
        {"Image": "busybox", "HostConfig": {"Privileged": true, "CapAdd": ["SYS_ADMIN"], "NetworkMode": "host",
         "PidMode": "host", "IpcMode": "host", "Devices": [{"PathOnHost": "/dev/sda"}],
         "SecurityOpt": ["no-new-privileges", "seccomp=unconfined", "seccomp=builtin"],
         "Binds": ["/srv/app/../../etc:/x:ro", "data:/data", "/srv/app:/app"],
         "Mounts": [{"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/s"},
                    {"Type": "volume", "Source": "v", "Target": "/v"}]}}
        """));
    assertEquals(List.of("--privileged", "--cap-add SYS_ADMIN", "--network host", "--pid host", "--ipc host",
        "--device /dev/sda", "--security-opt seccomp=unconfined", "-v /etc", "-v /var/run/docker.sock"),
        asked.sensitive());
    assertEquals(List.of("/etc", "/srv/app", "/var/run/docker.sock"), asked.bindSources());
    assertEquals(List.of("/etc", "/var/run/docker.sock"), asked.bindsOutside(List.of("/srv")));
    assertEquals(ContainerPrivileges.NONE, ContainerPrivileges.ofCreate(JSON.readTree(
        "{\"Image\": \"busybox\", \"HostConfig\": {\"NetworkMode\": \"bridge\", \"Binds\": null}}")));
    assertEquals(List.of("exec --privileged"),
        ContainerPrivileges.ofExec(JSON.readTree("{\"Cmd\": [\"sh\"], \"Privileged\": true}")).sensitive());
  }

  @Test
  void sensitivePathsAreTheHostsOwnItsSocketsAndWhatHoldsThem() {
    for (String path : List.of("/", "/etc", "/etc/shadow", "/proc", "/sys/fs", "/run/berth", "/var/run/docker.sock",
        "/var", "/var/lib", "/var/lib/berth/agent", "/root")) {
      assertTrue(ContainerPrivileges.isSensitivePath(path), path);
    }
    for (String path : List.of("/srv/app", "/home/me/data", "/opt/site", "/var/www", "/etcetera", "/tmp/x")) {
      assertFalse(ContainerPrivileges.isSensitivePath(path), path);
    }
    assertEquals("/etc", ContainerPrivileges.normalise("//srv/./a/../../etc/"));
    assertEquals("/", ContainerPrivileges.normalise("/../.."));
  }
}
