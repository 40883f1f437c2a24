"""The cohort run: which submissions to grade, the worker pool, the worker, statuses and the sandbox."""
