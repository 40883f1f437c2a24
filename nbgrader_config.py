"""nbgrader configuration for the MLOps course (read by every nbgrader and coursekit command run here)."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "mlops"
c.CourseDirectory.root = COURSE_ROOT
# SQLite beside the course by default; point COURSEKIT_DB_URL at another database to share a gradebook.
c.CourseDirectory.db_url = os.environ.get(
    "COURSEKIT_DB_URL", "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")
)

# Widgets cannot run in nbconvert HTML (feedback, formgrader). Without stored widget state, nbconvert falls
# back to each widget's static text/html view, which shows the student's saved answer.
c.Execute.store_widget_state = False

# Late work: nbgrader compares timestamp.txt with the chapter's due date (set it with
# `nbgrader db assignment add ch01 --duedate="2026-12-01 17:00:00 UTC"`). A late submission loses
# per_day of its score for each started day late, at most cap of it.
c.AssignLatePenalties.plugin_class = "coursekit.instructor.plugins.PerDayLatePenalty"
c.PerDayLatePenalty.per_day = 0.1
c.PerDayLatePenalty.cap = 0.5

# Feedback (nbgrader generate_feedback, formgrader's button, coursekit feedback). Pages use coursekit's template:
# each exercise one section with its title, marks, the answer beside the key, the explanation and the scoring rule,
# and no code, prompts or stderr. Order matters: grades are read first, so a written answer's model answer and
# rubric stay only once a grader has scored it; exercises are regrouped into sections while the hidden tests
# (and the keys) are still there to compare answers with; the hidden tests are then cut, tracebacks trimmed so
# none quotes a hidden test, and, for feedback returned early, the keys taken out of the sections.
c.GenerateFeedback.exporter_class = "coursekit.instructor.plugins.FeedbackPage"
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "coursekit.instructor.plugins.RubricsOnceGraded",
    "coursekit.instructor.plugins.FeedbackSections",
    "nbgrader.preprocessors.ClearHiddenTests",
    "coursekit.instructor.plugins.TrimTracebacks",
    "coursekit.instructor.plugins.HideExpectedAnswers",
]

# LMS downloads (coursekit grade --from-lms, nbgrader zip_collect): zips in downloaded/<chapter>/archive/ whose
# files are named as Canvas exports them, <name>_[late_]<user id>_<submission id>_<file name>. The pattern is
# matched against the whole extracted path. answers.json must be collected too: it holds every widget answer.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
# A resubmitted file comes as ch01-1.ipynb: the -1 is dropped (nbgrader adds the file's extension back itself).
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^_/]+)_(?:late_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?(?:\.[^./]+)?$"
)
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".json"]

# Tamper resistance at autograde. Order matters: the notebook is first rebuilt from the release with only the
# student's answer cells put back (added, deleted or edited cells and forged metadata are gone, so only the
# instructor's code runs); each written answer then gets its model answer and rubric from source/ in the cell
# after it, for graders in formgrader (never in the release); nbgrader then checks it against the gradebook.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "coursekit.instructor.plugins.RestoreReleaseCells",
    "coursekit.instructor.plugins.ShowRubrics",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Exchange (nbgrader release_assignment, fetch_assignment, submit, collect, release_feedback, fetch_feedback): a
# folder every user of the server can reach, world-writable (0777; release_assignment creates it when it may).
# The default is nbgrader's own, for a class on one machine. Elsewhere (a mount shared by the machines of a
# JupyterHub, say) set COURSEKIT_EXCHANGE_ROOT for everyone, instructor and students. Students' nbgrader reads the
# course id and this root from /etc/jupyter/nbgrader_config.py or ~/.jupyter/nbgrader_config.py (README,
# "Running a class"). Submissions keep their random suffix (ExchangeSubmit.add_random_string, on by default):
# nbgrader makes each submitted folder 0777, so only its unguessable name keeps other students out.
c.Exchange.root = os.environ.get("COURSEKIT_EXCHANGE_ROOT", "/usr/local/share/nbgrader/exchange")
