package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.images.DockerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Docker's default seccomp profile on every container, {@code --security-opt seccomp=…}, with the docker CLI and runc. */
@Tag("root")
class SeccompCliAsRootTest extends CliOnAgentTest {
  @Test
  void blockedSyscallsFailWithEpermWhileOrdinaryWorkloadsRun() throws Exception {
    assertEquals("Seccomp:\t2", seccompMode("--network", "none"), "filter mode");
    // unprivileged user namespaces are fine for the kernel, the profile refuses them without CAP_SYS_ADMIN
    String refused = docker.fails("run", "--rm", "--network", "none", "busybox", "unshare", "-U", "true");
    assertTrue(refused.contains("Operation not permitted"), refused);

    docker.run("run", "-d", "--name", "sc-keeps", "--network", "none", "busybox", "sleep", "60");
    DockerCli.Result reboot = docker.result("exec", "sc-keeps", "reboot", "-f");
    assertTrue(reboot.exit() != 0 && reboot.output().contains("Operation not permitted"), reboot.output());
    assertEquals("true", docker.run("inspect", "--format", "{{.State.Running}}", "sc-keeps").strip());
    assertEquals("Seccomp:\t2", docker.run("exec", "sc-keeps", "grep", "Seccomp:", "/proc/self/status").strip(),
        "exec'd processes get the container's filter");

    String work = docker.run("run", "--rm", "--network", "none", "busybox", "sh", "-c",
        "set -e; ls / >/dev/null; mkdir -p /www/in; echo served >/www/index.html; tar -C / -cf /www.tar www;"
            + " tar -tf /www.tar | sort; httpd -p 127.0.0.1:8080 -h /www; wget -qO- http://127.0.0.1:8080/");
    assertEquals("www/\nwww/in/\nwww/index.html\nserved", work.strip());
  }

  @Test
  void unconfinedPrivilegedCapAddAndCustomProfilesChangeTheFilter() throws Exception {
    assertEquals("Seccomp:\t0", seccompMode("--security-opt", "seccomp=unconfined"));
    docker.run("run", "--rm", "--network", "none", "--security-opt", "seccomp=unconfined", "busybox",
        "unshare", "-U", "true");
    docker.run("run", "--rm", "--network", "none", "--cap-add", "SYS_ADMIN", "busybox", "unshare", "-U", "true");
    docker.run("create", "--name", "sc-inspect", "--security-opt", "seccomp=unconfined", "busybox", "true");
    assertEquals("[seccomp=unconfined]",
        docker.run("inspect", "--format", "{{.HostConfig.SecurityOpt}}", "sc-inspect").strip());

    Path profile = dir.resolve("no-mkdir.json");
    Files.writeString(profile, """
        {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"],
         "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
        """);
    String denied = docker.fails("run", "--rm", "--network", "none", "--security-opt", "seccomp=" + profile,
        "busybox", "mkdir", "/made");
    assertTrue(denied.contains("Operation not permitted"), denied);
    docker.run("run", "--rm", "--network", "none", "--security-opt", "seccomp=" + profile, "busybox", "touch", "/made");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}");
    String refused = docker.fails("create", "--security-opt", "seccomp=" + broken, "busybox", "true");
    assertTrue(refused.contains("Decoding seccomp profile failed: unknown action SCMP_ACT_MAYBE"), refused);
  }

  private String seccompMode(String... options) throws Exception {
    String[] args = new String[options.length + 5];
    args[0] = "run";
    args[1] = "--rm";
    System.arraycopy(options, 0, args, 2, options.length);
    args[options.length + 2] = "busybox";
    args[options.length + 3] = "grep";
    args[options.length + 4] = "Seccomp:";
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "/proc/self/status";
    return docker.run(all).strip();
  }
}
