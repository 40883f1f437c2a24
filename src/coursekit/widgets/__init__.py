"""The five exercise widgets."""

from coursekit.widgets.buckets import Buckets
from coursekit.widgets.choice import MultipleChoice, SingleChoice
from coursekit.widgets.fill_in import FillIn
from coursekit.widgets.ordering import Ordering

__all__ = ["Buckets", "FillIn", "MultipleChoice", "Ordering", "SingleChoice"]
