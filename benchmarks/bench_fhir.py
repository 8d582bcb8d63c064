"""What the FHIR face costs on top of backpop itself, measured side by side in one run.

Prints, per call: assess() alone next to $assess (QuestionnaireResponse in, Bundle out, both
checked with fhir.resources), and next_step() alone next to $next-question, as ratios; and the
cold start of `backpop assess --fhir FILE` next to `backpop assess --json FILE`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from backpop import Episode, assess
from backpop.fhir.codes import QUESTIONNAIRE_URL
from backpop.fhir.operations import assess_response, next_question
from backpop.fhir.questionnaire import episode_response
from backpop.interview import next_step

sys.path.insert(0, str(Path(__file__).parent))
from bench_assess import random_episodes  # noqa: E402


def per_call(function, items) -> float:
    started = time.perf_counter()
    for item in items:
        function(item)
    return (time.perf_counter() - started) / len(items)


def cold(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    episodes = random_episodes(200)
    responses = [episode_response(e) for e in episodes]
    plain = per_call(assess, episodes)
    fhir = per_call(assess_response, responses)
    print(f"assess():      {plain * 1e3:7.2f} ms per call")
    print(f"$assess:       {fhir * 1e3:7.2f} ms per call ({fhir / plain:.1f}x assess())")

    start = {"resourceType": "QuestionnaireResponse", "status": "in-progress", "questionnaire": QUESTIONNAIRE_URL}
    first = next_question(start)
    plain_step = per_call(lambda _: next_step({}, []), range(200))
    fhir_step = per_call(lambda _: next_question(first), range(200))
    print(f"next_step():   {plain_step * 1e3:7.2f} ms per call")
    print(f"$next-question:{fhir_step * 1e3:7.2f} ms per call ({fhir_step / plain_step:.1f}x next_step())")

    with tempfile.TemporaryDirectory() as folder:
        episode = Episode(sound="pop", pain="mild", radiating_pain=True)
        plain_file, fhir_file = Path(folder) / "episode.json", Path(folder) / "response.json"
        plain_file.write_text(json.dumps(episode.known()))
        fhir_file.write_text(json.dumps(episode_response(episode)))
        backpop = str(Path(sys.executable).with_name("backpop"))
        json_cold = cold([backpop, "assess", "--json", str(plain_file)])
        fhir_cold = cold([backpop, "assess", "--fhir", str(fhir_file)])
    print(f"backpop assess --json FILE: {json_cold:5.2f} s cold")
    print(f"backpop assess --fhir FILE: {fhir_cold:5.2f} s cold ({fhir_cold / json_cold:.1f}x)")


if __name__ == "__main__":
    main()
