"""The kernel side: what runs in a student's notebook (widgets, the answer store, static views, self-check).

Everything here is imported on a student's Run All, so it imports no nbgrader, matplotlib or database code.
"""
