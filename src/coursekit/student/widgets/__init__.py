"""The five exercise widgets."""

from coursekit.student.widgets.buckets import Buckets
from coursekit.student.widgets.choice import MultipleChoice, SingleChoice
from coursekit.student.widgets.fill_in import FillIn
from coursekit.student.widgets.ordering import Ordering

__all__ = ["Buckets", "FillIn", "MultipleChoice", "Ordering", "SingleChoice"]
