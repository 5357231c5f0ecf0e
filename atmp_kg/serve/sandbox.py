"""Limits a query worker puts on itself before it answers anything.

- ``refuse_network()``: a seccomp filter (Linux, x86-64 and AArch64) makes every later attempt
  of this process, and of all its threads, to open a socket other than a Unix one fail with
  ``EACCES`` (and refuses ``io_uring``, which could open sockets too). A query that slipped
  past the query check still cannot reach any host. The filter cannot be lifted.
- ``limit_memory(extra_bytes)``: the address space may grow by at most ``extra_bytes`` beyond
  what the process already holds (``RLIMIT_AS``); an allocation past it fails, and the engine
  aborts the process, which the pool reports as a query over the memory limit.
"""

import ctypes
import os
import platform
import resource
import struct

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x06
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 1, 1
PR_SET_NO_NEW_PRIVS = 38
EACCES, AF_UNIX = 13, 1
X32_SYSCALL_BIT = 0x40000000
# machine: (audit arch, socket, io_uring_setup, seccomp) system call numbers
ARCHES = {"x86_64": (0xC000003E, 41, 425, 317), "aarch64": (0xC00000B7, 198, 425, 277)}


class SandboxUnavailable(OSError):
    """This machine cannot take the network away from a process (another OS or architecture)."""


def network_filter(machine=None):
    """The seccomp BPF program (a list of ``(code, jt, jf, k)``) for ``machine`` (default: this one)."""
    machine = machine or platform.machine()
    if machine not in ARCHES:
        raise SandboxUnavailable(f"no seccomp filter for the {machine} architecture")
    arch, socket_nr, io_uring_nr, _ = ARCHES[machine]
    deny = SECCOMP_RET_ERRNO | EACCES
    return [
        (BPF_LD_W_ABS, 0, 0, 4),                 # seccomp_data.arch
        (BPF_JEQ_K, 1, 0, arch),
        (BPF_RET_K, 0, 0, deny),                 # another ABI: nothing is allowed
        (BPF_LD_W_ABS, 0, 0, 0),                 # seccomp_data.nr
        (BPF_JGE_K, 0, 1, X32_SYSCALL_BIT),
        (BPF_RET_K, 0, 0, deny),                 # the x32 ABI on x86-64
        (BPF_JEQ_K, 0, 1, io_uring_nr),
        (BPF_RET_K, 0, 0, deny),
        (BPF_JEQ_K, 0, 3, socket_nr),
        (BPF_LD_W_ABS, 0, 0, 16),                # seccomp_data.args[0]: the address family
        (BPF_JEQ_K, 1, 0, AF_UNIX),
        (BPF_RET_K, 0, 0, deny),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]


def refuse_network():
    """Install the network filter on this process and all its threads; SandboxUnavailable if
    this system has no seccomp (the caller decides whether to go on without it)."""
    program = network_filter()
    machine = platform.machine()
    code = b"".join(struct.pack("HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}")
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    if syscall(ctypes.c_long(ARCHES[machine][3]), ctypes.c_ulong(SECCOMP_SET_MODE_FILTER),
               ctypes.c_ulong(SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog)) != 0:
        raise SandboxUnavailable(f"seccomp: {os.strerror(ctypes.get_errno())}")


def limit_memory(extra_bytes):
    """Let this process's address space grow by at most ``extra_bytes`` from now on."""
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
        held = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (held + extra_bytes, held + extra_bytes))
