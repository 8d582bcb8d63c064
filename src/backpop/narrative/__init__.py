"""Free text to Episode facts: what a person writes about their back, read as the Episode contract.

>>> from backpop.narrative import understand
>>> u = understand("I felt a pop lifting a box and now my left leg tingles")
>>> u.episode.numbness_tingling, u.episode.activity.value
(True, 'heavy_lift')
"""

from backpop.narrative.extract import (
    RED_FLAG_FIELDS,
    Understanding,
    UnderstoodFact,
    understand,
)

__all__ = ["RED_FLAG_FIELDS", "Understanding", "UnderstoodFact", "understand"]
