"""Reading notebooks without running them: the exercise listing (widget calls) and the keys (hidden tests)."""
