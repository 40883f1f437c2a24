"""The process cap's cgroup: which hierarchy each host layout gives, and a real group capping real forks."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import cast

import pytest

from coursekit.autograde.sandbox.limits import (
    PidsHierarchy,
    join_pids_cgroup,
    pids_hierarchy,
    process_cap,
    remove_cgroup,
)

V1_PIDS = "cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0"
V1_MEMORY = "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0"


def mounts(tmp_path: Path, *lines: str) -> Path:
    table = tmp_path / "mounts"
    table.write_text("proc /proc proc rw 0 0\n" + "".join(line + "\n" for line in lines))
    return table


def cgroup2(tmp_path: Path, name: str, controllers: str) -> str:
    """A folder standing for a cgroup2 mount whose root offers `controllers`; its mounts-table line."""
    root = tmp_path / name
    root.mkdir()
    (root / "cgroup.controllers").write_text(controllers + "\n")
    return f"cgroup2 {root} cgroup2 rw,nosuid,nodev,noexec,relatime 0 0"


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("pure v2", 2),
        ("hybrid, unified without controllers", 1),
        ("hybrid, pids moved to unified", 2),
        ("v1 without pids", None),
    ],
)
def test_each_host_layout_gets_the_hierarchy_that_has_pids(tmp_path: Path, layout: str, expected: int | None) -> None:
    """Is v2 used wherever a v2 mount offers pids, v1's pids otherwise, and nothing where neither exists?"""
    table = {
        "pure v2": [cgroup2(tmp_path, "v2", "cpuset cpu io memory hugetlb pids rdma misc")],
        "hybrid, unified without controllers": [V1_MEMORY, V1_PIDS, cgroup2(tmp_path, "unified-bare", "")],
        "hybrid, pids moved to unified": [V1_MEMORY, cgroup2(tmp_path, "unified-pids", "pids")],
        "v1 without pids": [V1_MEMORY],
    }[layout]
    found = pids_hierarchy(mounts(tmp_path, *table))
    assert (found.version if found else None) == expected
    if found and found.version == 2:
        assert (found.root / "cgroup.controllers").is_file()
    if found and found.version == 1:
        assert found.root == Path("/sys/fs/cgroup/pids")


def fork_until_refused(hierarchy: PidsHierarchy, cap: int, answer: multiprocessing.SimpleQueue[object]) -> None:
    """In a fresh process: join a capped group, fork sleeping children until refused, report how many."""
    group = join_pids_cgroup(f"test-{os.getpid()}", cap, hierarchy)
    children = []
    try:
        for _ in range(cap + 10):
            pid = os.fork()
            if pid == 0:
                time.sleep(30)  # killed by the parent once it has counted
                os._exit(0)
            children.append(pid)
    except OSError as error:
        answer.put((str(group), len(children), error.errno))
    else:
        answer.put((str(group), len(children), None))
    finally:
        for pid in children:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        remove_cgroup(group)


def test_a_kernels_group_caps_its_processes_and_is_removed_after() -> None:
    """Grading as root (as CI does), does the group cap forks at its limit (counting the process itself), and is
    it gone afterwards?"""
    hierarchy = pids_hierarchy()
    assert hierarchy is not None, f"no cgroup hierarchy with pids here; the sandbox notice says: {process_cap()}"
    assert process_cap() == f"a pids cgroup (cgroup v{hierarchy.version}, {hierarchy.groups})"
    answer: multiprocessing.SimpleQueue[object] = multiprocessing.get_context("fork").SimpleQueue()
    child = multiprocessing.get_context("fork").Process(target=fork_until_refused, args=(hierarchy, 8, answer))
    child.start()
    child.join(60)
    group, forked, errno = cast(tuple[str, int, int | None], answer.get())
    assert group.startswith(str(hierarchy.groups)), group
    assert forked == 7 and errno == 11, f"forked {forked} children before errno {errno}"  # 8 with the process
    assert not Path(group).exists(), "the group was left behind"
