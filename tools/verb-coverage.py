#!/usr/bin/env python3
"""Lists the CAMEO codes of the shared codebook that no verb-dictionary pattern produces.

Usage: python3 tools/verb-coverage.py [--codebook PATH] [--verbs DIR]

Reads ../shared/cameo/codebook.csv (relative to the repository root) and every
dictionaries/verbs/*.toml file, and prints pattern counts, coverage at each level and the
uncovered codes with their names. Exits quietly with a message when the shared data is
absent, so it can run in CI without it.
"""

import argparse
import csv
import pathlib
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_patterns(verbs_dir):
    """Returns {code: [pattern description, ...]} and per-file counts."""
    by_code, per_file = {}, {}
    for path in sorted(verbs_dir.glob("*.toml")):
        with open(path, "rb") as fh:
            spec = tomllib.load(fh)
        entries = [("verb", e) for e in spec.get("verb", [])] + [("noun", e) for e in spec.get("noun", [])]
        per_file[path.name] = (len(spec.get("verb", [])), len(spec.get("noun", [])))
        for kind, entry in entries:
            text = entry[kind]
            if entry.get("object"):
                text += " " + entry["object"]
            by_code.setdefault(entry["code"], []).append(f"{path.name}: {kind} {text}")
    return by_code, per_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=pathlib.Path, default=ROOT.parent / "shared" / "cameo" / "codebook.csv")
    parser.add_argument("--verbs", type=pathlib.Path, default=ROOT / "dictionaries" / "verbs")
    args = parser.parse_args()
    if tomllib is None:
        print("verb-coverage: needs Python 3.11+ (tomllib); skipped")
        return 0
    if not args.codebook.exists():
        print(f"verb-coverage: {args.codebook} not found (../shared absent); skipped")
        return 0
    with open(args.codebook, newline="") as fh:
        codebook = [row for row in csv.DictReader(fh)]
    by_code, per_file = load_patterns(args.verbs)

    n_verbs = sum(v for v, _ in per_file.values())
    n_nouns = sum(n for _, n in per_file.values())
    print(f"patterns: {n_verbs + n_nouns} ({n_verbs} verb, {n_nouns} noun)")
    for name, (v, n) in per_file.items():
        print(f"  {name}: {v} verb, {n} noun")

    unknown = sorted(set(by_code) - {row["code"] for row in codebook})
    if unknown:
        print(f"codes in the dictionaries but not in the codebook: {', '.join(unknown)}")

    # Roots (level 0) count as covered when any code under them is produced.
    covered_roots = {code[:2] for code in by_code}
    uncovered = []
    levels = {}
    for row in codebook:
        code, level = row["code"], int(row["level"])
        hit = code in covered_roots if level == 0 else code in by_code
        total, done = levels.get(level, (0, 0))
        levels[level] = (total + 1, done + int(hit))
        if not hit:
            uncovered.append(row)
    all_total = sum(t for t, _ in levels.values())
    all_done = sum(d for _, d in levels.values())
    names = {0: "roots", 1: "3-digit", 2: "4-digit"}
    for level in sorted(levels):
        total, done = levels[level]
        print(f"{names.get(level, level)}: {done}/{total} covered")
    print(f"all codes: {all_done}/{all_total} covered ({100.0 * all_done / all_total:.1f}%)")
    if uncovered:
        print("uncovered:")
        for row in uncovered:
            print(f"  {row['code']:<5} {row['name']}")
    else:
        print("uncovered: none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
