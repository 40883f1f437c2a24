"""The grading kernel: ipykernel, with its threads stopped in an order that cannot deadlock at shutdown.

ipykernel answers `shutdown_request` on its control thread, which stops the main loop and then flushes stdout
through the IOPub thread before it goes idle. Meanwhile the main thread returns from `start()` and exits, and
the first exit handler to run (the last registered) stops the IOPub thread. When IOPub stops before the flush
is served, the control thread waits out its 10 s flush timeout, `IPKernelApp.close` waits for the control
thread, and jupyter_client sends SIGTERM after 2.5 s. In the sandbox this hit about every second kernel, so
grading a notebook took 2.4 s longer than it needed. Joining the control and shell threads when the main loop
ends, before any exit handler runs, lets the flush through; the kernel then exits at once.

It also imports, before it answers its first message, what every chapter notebook imports (the widgets, the
self-check and the scoring): a kernel is started ahead of its notebook (`prestart`), so that time is off the
notebook's path. Run as `python -I -m coursekit.autograde.sandbox.kernel -f CONNECTION_FILE`, like
`ipykernel_launcher`.
"""

from __future__ import annotations

import contextlib
import importlib
import sys

from ipykernel.kernelapp import IPKernelApp

from coursekit.scoring.kinds import BY_WIDGET

__all__ = ["GradingKernelApp", "main"]

THREAD_JOIN_SECONDS = 5.0


class GradingKernelApp(IPKernelApp):
    """IPKernelApp that lets its message threads finish while IOPub can still serve their last flush."""

    def start(self) -> None:
        super().start()  # type: ignore[no-untyped-call]
        for thread in (self.control_thread, self.shell_channel_thread):
            if thread is not None and thread.is_alive():
                with contextlib.suppress(RuntimeError):  # its loop closed between the check and the stop
                    thread.stop()
                thread.join(THREAD_JOIN_SECONDS)

    def log_connection_info(self) -> None:
        """Keep the ports as ipykernel does, without the banner it prints for someone connecting by hand: nobody
        connects to a grading kernel, and the banner would fill the grading log, once per notebook."""
        handle, self.parent_handle = self.parent_handle, 1  # what ipykernel checks before printing it
        try:
            super().log_connection_info()  # type: ignore[no-untyped-call]
        finally:
            self.parent_handle = handle


def preload() -> None:
    """Import the modules chapter notebooks import (one import of each, then kept in sys.modules)."""
    for module in sorted({kind.widget_module for kind in BY_WIDGET.values()} | {"coursekit.student.selfcheck"}):
        importlib.import_module(module)
    importlib.import_module("coursekit.scoring")


def main() -> None:
    # No debugger: nobody attaches one to a grading kernel, and ipykernel imports debugpy for it when the kernel
    # starts (a seventh of its start-up). Blocked here, ipykernel finds it missing and starts without it.
    sys.modules["debugpy"] = None  # type: ignore[assignment]
    preload()
    GradingKernelApp.launch_instance()


if __name__ == "__main__":
    main()
