"""The terminal face of backpop: the interview asked and answered in a terminal, and a result
rendered with rich. Like the web face, it only asks, calls backpop's own functions and renders.

    >>> from backpop.terminal import render_assessment, run_interview
"""

from backpop.terminal.interview import run_interview
from backpop.terminal.render import render_assessment

__all__ = ["render_assessment", "run_interview"]
