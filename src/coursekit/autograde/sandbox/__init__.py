"""Run grading kernels in a bubblewrap sandbox: no network, the course invisible, only the submission writable."""

from coursekit.autograde.sandbox.kernelspec import GRADING_KERNEL, SandboxUnavailable, check_sandbox, sandbox_config

__all__ = ["GRADING_KERNEL", "SandboxUnavailable", "check_sandbox", "sandbox_config"]
