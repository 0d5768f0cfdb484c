package dev.berth.agent.runtime;

import dev.berth.agent.runtime.SeccompProfile.Filter;
import dev.berth.agent.runtime.SeccompProfile.Rule;
import dev.berth.agent.runtime.oci.LinuxSpec.SyscallArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's default seccomp profile (moby's {@code profiles/seccomp/default.json}) as data: everything not
 * listed fails with EPERM; an allow-list of ordinary syscalls; personality only for the usual personas; clone
 * without new namespaces and clone3 answering ENOSYS (so libcs fall back to clone) unless CAP_SYS_ADMIN; and
 * the syscalls each capability unlocks (CAP_SYS_ADMIN: mount, unshare, setns…; CAP_SYS_PTRACE: ptrace…;
 * CAP_SYS_BOOT: reboot…), so {@code --cap-add} widens the filter as it does with dockerd.
 */
final class DockerSeccompProfile {
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final long AF_VSOCK = 40;
  // CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP
  private static final long CLONE_NAMESPACES = 0x00020000L | 0x04000000L | 0x08000000L | 0x10000000L | 0x20000000L
      | 0x40000000L | 0x02000000L;
  private static final String ALLOW = "SCMP_ACT_ALLOW";

  private static final String ALWAYS_ALLOWED = """
      accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32 clock_adjtime
      clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep
      clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3 epoll_create
      epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2
      execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir
      fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork
      fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex
      futex_time64 futex_waitv futimesat getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32
      getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority
      getrandom getresgid getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid
      getsockname getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr inotify_add_watch
      inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents
      io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit io_uring_enter io_uring_register
      io_uring_setup ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32
      lgetxattr link linkat listen listxattr llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64 madvise
      membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2
      mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 mq_timedsend
      mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap
      name_to_handle_at nanosleep newfstatat _newselect open openat openat2 pause pidfd_open pidfd_send_signal
      pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2
      prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink
      readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr rename
      renameat renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo
      rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity
      sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler
      sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
      sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send
      sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32
      setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid setresgid32 setresuid
      setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area
      set_tid_address setuid setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4
      sigprocmask sigreturn socketcall socketpair splice stat stat64 statfs statfs64 statx symlink symlinkat sync
      sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime
      timer_gettime64 timer_settime timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64
      timerfd_settime timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat
      utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev
      """;

  /** Syscalls each capability unlocks, in the profile's order. */
  private static final Map<String, String> BY_CAPABILITY = new LinkedHashMap<>();

  static {
    BY_CAPABILITY.put("CAP_DAC_READ_SEARCH", "open_by_handle_at");
    BY_CAPABILITY.put("CAP_SYS_ADMIN", "bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie"
        + " mount mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname"
        + " setns syslog umount umount2 unshare");
    BY_CAPABILITY.put("CAP_SYS_BOOT", "reboot");
    BY_CAPABILITY.put("CAP_SYS_CHROOT", "chroot");
    BY_CAPABILITY.put("CAP_SYS_MODULE", "delete_module init_module finit_module");
    BY_CAPABILITY.put("CAP_SYS_PACCT", "acct");
    BY_CAPABILITY.put("CAP_SYS_PTRACE", "kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace");
    BY_CAPABILITY.put("CAP_SYS_RAWIO", "iopl ioperm");
    BY_CAPABILITY.put("CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64");
    BY_CAPABILITY.put("CAP_SYS_TTY_CONFIG", "vhangup");
    BY_CAPABILITY.put("CAP_SYS_NICE", "get_mempolicy mbind set_mempolicy set_mempolicy_home_node");
    BY_CAPABILITY.put("CAP_SYSLOG", "syslog");
    BY_CAPABILITY.put("CAP_BPF", "bpf");
    BY_CAPABILITY.put("CAP_PERFMON", "perf_event_open");
  }

  private static final SeccompProfile PROFILE = build();

  private DockerSeccompProfile() {}

  /** The profile. */
  static SeccompProfile get() {
    return PROFILE;
  }

  private static SeccompProfile build() {
    List<Rule> rules = new ArrayList<>();
    rules.add(allow(ALWAYS_ALLOWED, Filter.ANY));
    rules.add(allow("process_vm_readv process_vm_writev ptrace", new Filter(List.of(), List.of(), "4.8")));
    rules.add(new Rule(names("socket"), ALLOW, null, List.of(new SyscallArg(0, AF_VSOCK, 0, "SCMP_CMP_NE")),
        Filter.ANY, Filter.ANY));
    for (long persona : new long[] {0x0, 0x0008, 0x20000, 0x20008, 0xffffffffL}) { // linux, linux32, UNAME26
      rules.add(new Rule(names("personality"), ALLOW, null, List.of(new SyscallArg(0, persona, 0, "SCMP_CMP_EQ")),
          Filter.ANY, Filter.ANY));
    }
    rules.add(allow("sync_file_range2 swapcontext", Filter.arches("ppc64le")));
    rules.add(allow("arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls",
        Filter.arches("arm", "arm64")));
    rules.add(allow("arch_prctl", Filter.arches("amd64", "x32")));
    rules.add(allow("modify_ldt", Filter.arches("amd64", "x32", "x86")));
    rules.add(allow("s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr", Filter.arches("s390", "s390x")));
    rules.add(allow("riscv_flush_icache", Filter.arches("riscv64")));
    BY_CAPABILITY.forEach((cap, syscalls) -> {
      rules.add(allow(syscalls, Filter.caps(cap)));
      if (cap.equals("CAP_SYS_ADMIN")) {
        rules.addAll(withoutSysAdmin());
      }
    });
    return new SeccompProfile("SCMP_ACT_ERRNO", EPERM, List.of(), archMap(), rules);
  }

  // clone without namespace flags (its flags are the second argument on s390), clone3 made to say ENOSYS
  private static List<Rule> withoutSysAdmin() {
    Filter notSysAdmin = Filter.caps("CAP_SYS_ADMIN");
    return List.of(
        new Rule(names("clone"), ALLOW, null, List.of(new SyscallArg(0, CLONE_NAMESPACES, 0, "SCMP_CMP_MASKED_EQ")),
            Filter.ANY, new Filter(List.of("CAP_SYS_ADMIN"), List.of("s390", "s390x"), null)),
        new Rule(names("clone"), ALLOW, null, List.of(new SyscallArg(1, CLONE_NAMESPACES, 0, "SCMP_CMP_MASKED_EQ")),
            Filter.arches("s390", "s390x"), notSysAdmin),
        new Rule(names("clone3"), "SCMP_ACT_ERRNO", ENOSYS, List.of(), Filter.ANY, notSysAdmin));
  }

  private static Map<String, List<String>> archMap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("SCMP_ARCH_X86_64", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32"));
    map.put("SCMP_ARCH_AARCH64", List.of("SCMP_ARCH_ARM"));
    map.put("SCMP_ARCH_MIPS64", List.of("SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"));
    map.put("SCMP_ARCH_MIPS64N32", List.of("SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"));
    map.put("SCMP_ARCH_MIPSEL64", List.of("SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"));
    map.put("SCMP_ARCH_MIPSEL64N32", List.of("SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64"));
    map.put("SCMP_ARCH_S390X", List.of("SCMP_ARCH_S390"));
    map.put("SCMP_ARCH_RISCV64", List.of());
    return map;
  }

  private static Rule allow(String syscalls, Filter includes) {
    return new Rule(names(syscalls), ALLOW, null, List.of(), includes, Filter.ANY);
  }

  private static List<String> names(String syscalls) {
    return Arrays.asList(syscalls.trim().split("\\s+"));
  }
}
