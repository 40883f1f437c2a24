"""The grades CSV for the LMS and the HTML report: its numbers (data), its plots and its page."""

from coursekit.instructor.report.files import ReportError, ReportFiles, write_grades_csv, write_report

__all__ = ["ReportError", "ReportFiles", "write_grades_csv", "write_report"]
