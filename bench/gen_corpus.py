"""Write the benchmark corpora: news articles with machine-translation errors planted at known
rates, so a timed run can also show how much it found (an engine timed while finding nothing
proves nothing).

    python bench/gen_corpus.py            # bench/out/corpus/{small,many,big} + manifest.json

Deterministic: the same seed gives the same bytes. Sentences come from templates written for
this benchmark; the planted errors are ones the shipped packs catch: French name forms (drawn
from rules/fr/names.yaml), calques ("telephone interview between", "the head of Russian
diplomacy"), French typography ("3,5 %"), stitched sentences (". .") and a "Source link -12"
line at the end of some articles. manifest.json records every planted form per file.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "corpus"

CLEAN = [
    "{Leader} told reporters on {day} that the talks had been constructive.",
    "The ministry said in a statement that {n} people had been evacuated from the area.",
    "Officials in {city} declined to comment on the report.",
    "Prices rose for the third month in a row, according to figures published on {day}.",
    "The opposition called for an independent inquiry into the spending.",
    "{Leader} is expected to travel to {city} next week for a summit on energy security.",
    "Analysts said the decision could weigh on growth in the second half of the year.",
    "The agreement still needs the approval of parliament, where the coalition holds {n} seats.",
    "Police said the suspect, a {n}-year-old man, was arrested near the station.",
    "Negotiators worked through the night but failed to settle the question of borders.",
    "The central bank left its main rate unchanged and said inflation was slowing.",
    "Several thousand people marched through the centre of {city} on {day}.",
    "The company said it would cut {n} jobs over the next two years.",
    "Rescue teams were still searching for survivors late on {day}.",
    "The foreign minister said the two countries shared a commitment to stability.",
    "Turnout was higher than in the previous election, the commission said.",
]
LEADERS = ["The president", "The prime minister", "The chancellor", "The mayor", "The envoy"]
CITIES = ["Brussels", "Geneva", "Nairobi", "Ottawa", "Lisbon", "Warsaw", "Seoul", "Lima"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEMONYMS = ["Russian", "French", "Chinese", "Iranian", "Turkish", "German"]

# Each planted error: (template, kind). {name} is a French name form from the packs.
PLANTED = [
    ("{name} said on {day} that the talks would continue.", "name"),
    ("A spokesman for {name} confirmed the meeting in {city}.", "name"),
    ("The visit of {name} was postponed after the vote.", "name"),
    ("During a telephone interview between the two leaders, they discussed a truce.", "calque"),
    ("The head of {demonym} diplomacy arrived in {city} on {day}.", "calque"),
    ("Unemployment fell to {a},{b} % in the last quarter.", "typography"),
    ("The talks ended without agreement. . Both sides blamed each other.", "punctuation"),
]
#: Share of sentences that carry a planted error.
ERROR_RATE = 0.08


def name_forms() -> list[str]:
    """French forms from the shipped name pack that need no context to be an error."""
    data = yaml.safe_load((ROOT / "rules" / "fr" / "names.yaml").read_text(encoding="utf-8"))
    forms: list[str] = []
    for rule in data["rules"]:
        if rule["id"] in ("fr-name-person", "fr-name-place") and not rule.get("when"):
            forms += [k for k in rule["swap"] if k[:1].isupper() and "'" not in k]
    forms = sorted(set(forms) - {"Poutine"})  # the guarded dish word has its own conditions
    return forms


class Writer:
    """Builds articles and remembers what was planted in each."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = name_forms()

    def fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            Leader=r.choice(LEADERS),
            city=r.choice(CITIES),
            day=r.choice(DAYS),
            n=r.randint(2, 90),
            name=r.choice(self.names),
            demonym=r.choice(DEMONYMS),
            a=r.randint(1, 9),
            b=r.randint(1, 9),
        )

    def article(self, target_bytes: int) -> tuple[str, list[dict[str, str]]]:
        r = self.rng
        planted: list[dict[str, str]] = []
        paragraphs: list[str] = [self.fill("{Leader} meets counterparts in {city}")]
        size = len(paragraphs[0])
        while size < target_bytes:
            sentences = []
            for _ in range(r.randint(3, 6)):
                if r.random() < ERROR_RATE:
                    template, kind = r.choice(PLANTED)
                    sentence = self.fill(template)
                    planted.append({"kind": kind, "sentence": sentence})
                else:
                    sentence = self.fill(r.choice(CLEAN))
                sentences.append(sentence)
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        if r.random() < 0.3:
            paragraphs.append(f"Source link -{r.randint(1, 999)}")
            planted.append({"kind": "boilerplate", "sentence": paragraphs[-1]})
        return "\n\n".join(paragraphs) + "\n", planted


def write(out: Path, seed: int = 20240611) -> dict[str, object]:
    """Write small/, many/ and big/ under `out`; return the manifest."""
    writer = Writer(seed)
    manifest: dict[str, object] = {"seed": seed, "error_rate": ERROR_RATE, "sets": {}}
    sets: dict[str, dict[str, object]] = {}

    def save(set_name: str, name: str, text: str, planted: list[dict[str, str]]) -> None:
        path = out / set_name / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        entry = sets.setdefault(set_name, {"files": 0, "bytes": 0, "planted": 0, "by_kind": {}})
        entry["files"] += 1  # type: ignore[operator]
        entry["bytes"] += len(text.encode())  # type: ignore[operator]
        entry["planted"] += len(planted)  # type: ignore[operator]
        by_kind: dict[str, int] = entry["by_kind"]  # type: ignore[assignment]
        for item in planted:
            by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + 1

    text, planted = writer.article(5000)
    save("small", "article.txt", text, planted)
    for index in range(2000):
        text, planted = writer.article(writer.rng.randint(3000, 6000))
        save("many", f"{index // 100:02d}/article-{index:04d}.txt", text, planted)
    pieces: list[str] = []
    big_planted: list[dict[str, str]] = []
    size = 0
    while size < 20 * 1024 * 1024:
        text, planted = writer.article(writer.rng.randint(3000, 6000))
        text = text.replace("Source link", "Related coverage")  # residue only ends an article
        planted = [p for p in planted if p["kind"] != "boilerplate"]
        pieces.append(text)
        big_planted += planted
        size += len(text)
    save("big", "big.txt", "\n".join(pieces), big_planted)
    manifest["sets"] = sets
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    manifest = write(args.out, args.seed)
    print(json.dumps(manifest["sets"], indent=2))


if __name__ == "__main__":
    main()
