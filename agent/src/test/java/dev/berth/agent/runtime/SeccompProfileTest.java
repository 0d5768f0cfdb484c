package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.runtime.oci.LinuxSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {
  private static final List<String> DEFAULT_CAPS = Capabilities.of(List.of(), List.of(), false);

  @Test
  void dockersDefaultRefusesWithEpermAndAllowsTheOrdinarySyscalls() {
    LinuxSpec.Seccomp seccomp = DockerSeccompProfile.get().resolve(DEFAULT_CAPS, "amd64", "6.1.0");
    assertEquals("SCMP_ACT_ERRNO", seccomp.defaultAction());
    assertEquals(1, seccomp.defaultErrnoRet());
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), seccomp.architectures());
    List<String> allowed = allowed(seccomp);
    assertTrue(allowed.containsAll(List.of("read", "openat", "execve", "arch_prctl", "modify_ldt", "ptrace",
        "chroot", "socket", "personality", "clone")), allowed.toString());
    for (String refused : List.of("mount", "unshare", "setns", "reboot", "keyctl", "add_key", "init_module",
        "swapon", "kexec_load", "open_by_handle_at", "set_tls")) {
      assertFalse(allowed.contains(refused), refused);
    }
    LinuxSpec.Syscall clone = rule(seccomp, "clone");
    assertEquals(List.of(new LinuxSpec.SyscallArg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ")), clone.args());
    LinuxSpec.Syscall clone3 = rule(seccomp, "clone3");
    assertEquals("SCMP_ACT_ERRNO", clone3.action());
    assertEquals(38, clone3.errnoRet());
    assertEquals(List.of(new LinuxSpec.SyscallArg(0, 40, 0, "SCMP_CMP_NE")), rule(seccomp, "socket").args());
  }

  @Test
  void capabilitiesArchitecturesAndKernelsSelectTheConditionalRules() {
    List<String> caps = Capabilities.of(List.of("SYS_ADMIN", "SYS_PTRACE"), List.of("SYS_CHROOT"), false);
    LinuxSpec.Seccomp admin = DockerSeccompProfile.get().resolve(caps, "arm64", "4.4.0");
    assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), admin.architectures());
    List<String> allowed = allowed(admin);
    assertTrue(allowed.containsAll(List.of("mount", "unshare", "setns", "clone3", "kcmp", "ptrace", "set_tls")));
    assertFalse(allowed.contains("chroot"), "dropped CAP_SYS_CHROOT");
    assertFalse(allowed.contains("arch_prctl"), "x86 only");
    assertTrue(admin.syscalls().stream().noneMatch(rule -> rule.names().contains("clone") && rule.args() != null),
        "clone unrestricted with CAP_SYS_ADMIN");
    LinuxSpec.Seccomp oldKernel = DockerSeccompProfile.get().resolve(DEFAULT_CAPS, "amd64", "4.4.0-21-generic");
    assertFalse(allowed(oldKernel).contains("ptrace"), "ptrace needs 4.8 without CAP_SYS_PTRACE");
  }

  @Test
  void unconfinedAndPrivilegedHaveNoFilterAndCustomProfilesAreChecked() {
    assertNull(SeccompProfile.forContainer(false, "unconfined", DEFAULT_CAPS));
    assertNull(SeccompProfile.forContainer(true, null, DEFAULT_CAPS));
    LinuxSpec.Seccomp custom = SeccompProfile.parse("""
        {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
         "syscalls": [{"name": "mkdir", "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
                       "args": [{"index": 1, "value": 448, "op": "SCMP_CMP_EQ"}], "excludes": {"caps": ["CAP_FOWNER"]}}]}
        """).resolve(List.of(), "amd64", "6.1");
    assertEquals(List.of("SCMP_ARCH_X86_64"), custom.architectures());
    assertEquals(List.of(new LinuxSpec.Syscall(List.of("mkdir"), "SCMP_ACT_ERRNO", 1,
        List.of(new LinuxSpec.SyscallArg(1, 448, 0, "SCMP_CMP_EQ")))), custom.syscalls());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse("{not json"))
        .getMessage().startsWith("Decoding seccomp profile failed"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ALLOW\","
            + " \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_SOMETIMES\"}]}]}"))
        .getMessage().contains("unknown operator SCMP_CMP_SOMETIMES"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\"], \"archMap\": ["
            + "{\"architecture\": \"SCMP_ARCH_X86_64\"}]}")).getMessage().contains("use either"));
  }

  private static List<String> allowed(LinuxSpec.Seccomp seccomp) {
    List<String> names = new ArrayList<>();
    seccomp.syscalls().stream().filter(rule -> rule.action().equals("SCMP_ACT_ALLOW"))
        .forEach(rule -> names.addAll(rule.names()));
    return names;
  }

  private static LinuxSpec.Syscall rule(LinuxSpec.Seccomp seccomp, String name) {
    return seccomp.syscalls().stream().filter(rule -> rule.names().equals(List.of(name))).findFirst().orElseThrow();
  }
}
