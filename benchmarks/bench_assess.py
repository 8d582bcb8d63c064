"""How fast assess() and `backpop assess` are, measured side by side in one run.

Prints assess() calls per second over varied episodes, and the cold start of
`backpop assess FILE --json`, `backpop assess - --json` and `backpop assess --text ... --json` next
to a bare `python -c pass` and `import pydantic, typer, rich`, as ratios (goals: `assess FILE --json`
at most 0.3 s cold, `assess --text` under 0.5 s; its first run after installing, before the reader's
tables are cached, is shown too).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from backpop import Episode, assess
from backpop.episode import allowed_values, field_kind, field_names


def random_episodes(n: int, seed: int = 7) -> list[Episode]:
    rng = random.Random(seed)
    episodes = []
    for _ in range(n):
        facts = {}
        for name in field_names():
            if rng.random() < 0.5:
                continue
            kind = field_kind(name)
            if kind == "number":
                facts[name] = rng.randint(0, 100)
            else:
                facts[name] = rng.choice(allowed_values(name))
        episodes.append(Episode(**facts))
    return episodes


STORY = (
    "I'm 52 and my lower back popped when I lifted a heavy box, it hurts about 6/10 and "
    "there's tingling in my left leg, no numbnes down there"
)


def cold(cmd: list[str], repeats: int = 7, fresh_cache: bool = False) -> float:
    """Median wall time of `cmd`; with `fresh_cache`, each run starts with an empty cache folder
    (the reader's tables not yet kept: the first run after installing)."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "XDG_CACHE_HOME": cache} if fresh_cache else None
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, input=b'{"sound": "pop"}', env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    episodes = random_episodes(5000)
    assess(episodes[0])  # load the knowledge once
    start = time.perf_counter()
    for episode in episodes:
        assess(episode)
    per_call = (time.perf_counter() - start) / len(episodes)

    bare = cold([sys.executable, "-c", "pass"])
    pyd = cold([sys.executable, "-c", "import pydantic, typer, rich"])
    with tempfile.TemporaryDirectory() as folder:
        episode_file = Path(folder) / "episode.json"
        episode_file.write_text('{"sound": "pop"}', encoding="utf-8")
        file = cold([sys.executable, "-m", "backpop.cli", "assess", str(episode_file), "--json"])
    cli = cold([sys.executable, "-m", "backpop.cli", "assess", "-", "--json"])
    text_cmd = [sys.executable, "-m", "backpop.cli", "assess", "--text", STORY, "--json"]
    text = cold(text_cmd)
    first = cold(text_cmd, repeats=3, fresh_cache=True)
    print(f"{'measure':<40}{'value':>14}")
    print(f"{'assess() per call':<40}{per_call * 1e6:>11.0f} us")
    print(f"{'assess() calls per second':<40}{1 / per_call:>14.0f}")
    print(f"{'python -c pass (cold)':<40}{bare * 1e3:>11.0f} ms")
    print(f"{'import pydantic, typer, rich (cold)':<40}{pyd * 1e3:>11.0f} ms")
    print(f"{'backpop assess FILE --json (cold)':<40}{file * 1e3:>11.0f} ms   goal <= 300 ms")
    print(f"{'backpop assess - --json (cold)':<40}{cli * 1e3:>11.0f} ms")
    print(f"{'backpop assess --text --json (cold)':<40}{text * 1e3:>11.0f} ms   goal < 500 ms")
    print(f"{'  the same, first run (no cached tables)':<40}{first * 1e3:>11.0f} ms")
    print(f"{'ratio cli / bare python':<40}{cli / bare:>14.1f}")
    print(f"{'ratio FILE / import pydantic, typer, rich':<40}{file / pyd:>14.1f}")
    print(f"{'ratio cli / import pydantic, typer, rich':<40}{cli / pyd:>14.1f}")
    print(f"{'ratio --text / import pydantic, ...':<40}{text / pyd:>14.1f}")


if __name__ == "__main__":
    main()
