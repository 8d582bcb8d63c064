"""The web face of backpop: server-rendered pages, a versioned JSON API, and accounts.

    >>> from backpop.web.app import create_app, WebSettings
    >>> app = create_app(WebSettings())          # one person, the default diary

Routes only parse, call backpop's own functions (``assess``, ``next_step``,
``listen``, the diary) and render; no clinical decision is made here.
FastAPI is imported by ``backpop.web.app``, never by this package, so that
``backpop assess`` stays fast.
"""

__all__: list[str] = []
