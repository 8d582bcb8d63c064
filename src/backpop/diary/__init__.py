"""The diary: every episode, recording, self-cracking event and note, kept over weeks.

>>> from backpop.diary import Diary
>>> with Diary("sqlite:///:memory:") as diary:
...     diary.log_crack()
'c1'
"""

from backpop.diary.store import Diary, Entry

__all__ = ["Diary", "Entry"]
