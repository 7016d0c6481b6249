"""In-process benchmark: /resolve of the longest allowed name (512 characters) per script.

    .venv/bin/python -m benchmarks.long_names --repeat 15 --corpus 100000

Each row times a normal name and 512-character names of that script (many words, one long
token, many one-letter tokens, one name repeated) twice: POST /resolve through the Flask
test client on the curated table, and Engine.resolve on a synthetic table of --corpus
aliases, where a pathological fuzzy cost would show. "x normal" is the ratio of medians.
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.names import build_corpus
from benchmarks.stats import table

MAX_NAME = 512

NORMAL = {
    "Latin": "Ahmed Ash-Sharara",
    "Arabic": "أحمد الشرع",
    "Cyrillic": "Владимир Путин",
    "CJK": "习近平",
    "mixed": "Vladimir Путин الشرع",
}
WORDS = {
    "Latin": "Muhammad Abd al-Rahman ibn Khalid Sergei Verkhinin Asaad al-Shaibani Palmyra",
    "Arabic": "محمد عبد الرحمن بن خالد أحمد الشرع أسعد الشيباني تدمر",
    "Cyrillic": "Владимир Владимирович Путин Сергей Вершинин Мария Захарова Пальмира",
    "CJK": "习近平 毛泽东 北京 上海 叙利亚 大马士革 巴沙尔 阿萨德",
    "mixed": "Vladimir Путин الشرع 习近平 Ash-Sharara Захарова تدمر Palmyra",
}


def fill(text: str, length: int = MAX_NAME) -> str:
    """Repeat `text` (space-joined) and cut at `length`, never ending on a space."""
    repeated = " ".join([text] * (length // max(1, len(text)) + 1))
    return repeated[:length].rstrip() + "x" * (length - len(repeated[:length].rstrip()))


def long_cases(script: str) -> dict[str, str]:
    words = WORDS[script].split()
    letters = "".join(w for w in words)
    cases = {
        "512 chars, words": fill(WORDS[script]),
        "512 chars, one token": (letters * (MAX_NAME // len(letters) + 1))[:MAX_NAME],
        "512 chars, 1-letter tokens": fill(" ".join(letters[: MAX_NAME // 2])),
        "512 chars, normal name repeated": fill(NORMAL[script]),
    }
    for name in cases.values():
        assert len(name) == MAX_NAME, (script, len(name))
    return cases


def median_ms(call: Callable[[str], object], name: str, repeat: int) -> float:
    call(name)  # warm caches, not timed
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call(name)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def app_resolver(workdir: Path) -> Callable[[str], object]:
    from service.config import Settings
    from service.web import create_app

    settings = Settings(database_url=f"sqlite:///{workdir}/long.db", follow_changes=False)
    client = create_app(settings).test_client()

    def call(name: str) -> object:
        response = client.post(
            "/resolve", data=json.dumps({"name": name}), content_type="application/json"
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:200]
        return response

    return call


def engine_resolver(size: int) -> Callable[[str], object]:
    from service.matching import Engine

    corpus = build_corpus(size)
    engine = Engine()
    for entity in corpus.entities:
        engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type)
    engine.add_aliases(corpus.aliases)
    corpus.release()
    return engine.resolve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed resolves per name")
    parser.add_argument("--corpus", type=int, default=100_000, help="synthetic aliases")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        via_app = app_resolver(Path(tmp))
        via_engine = engine_resolver(args.corpus)
        rows, worst = [], (0.0, "")
        for script, normal in NORMAL.items():
            base_app = median_ms(via_app, normal, args.repeat)
            base_engine = median_ms(via_engine, normal, args.repeat)
            rows.append(
                [
                    script,
                    "normal",
                    str(len(normal)),
                    str(len(normal.split())),
                    f"{base_app:.2f}",
                    "1.0",
                    f"{base_engine:.2f}",
                    "1.0",
                ]
            )
            for case, name in long_cases(script).items():
                app_ms = median_ms(via_app, name, args.repeat)
                engine_ms = median_ms(via_engine, name, args.repeat)
                ratio = max(app_ms / base_app, engine_ms / base_engine)
                worst = max(worst, (ratio, f"{script} / {case}"))
                rows.append(
                    [
                        script,
                        case,
                        str(len(name)),
                        str(len(name.split())),
                        f"{app_ms:.2f}",
                        f"{app_ms / base_app:.1f}",
                        f"{engine_ms:.2f}",
                        f"{engine_ms / base_engine:.1f}",
                    ]
                )
    headers = [
        "script",
        "name",
        "chars",
        "tokens",
        "app p50 ms",
        "x normal",
        f"engine@{args.corpus:,} p50 ms",
        "x normal",
    ]
    print(table(headers, rows))
    print(
        f"\nworst ratio to a normal name: {worst[0]:.1f}x ({worst[1]}); "
        f"median of {args.repeat} resolves each, curated table for the app column"
    )


if __name__ == "__main__":
    main()
