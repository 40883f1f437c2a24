"""Feedback pages: one per student and chapter, rendered by nbgrader generate_feedback with coursekit's template
(sections, exporter), and a student's index of every chapter (student_index). None ever shows a hidden test."""

from coursekit.instructor.feedback.generate import FeedbackError, FeedbackFiles, generate_feedback, leaks_in
from coursekit.instructor.feedback.student_index import write_student_indexes

__all__ = ["FeedbackError", "FeedbackFiles", "generate_feedback", "leaks_in", "write_student_indexes"]
