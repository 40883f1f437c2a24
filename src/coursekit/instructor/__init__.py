"""The instructor's side: release, simulate, feedback, report, the demo, and coursekit's nbgrader plug-ins."""
