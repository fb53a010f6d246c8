#!/usr/bin/env python3
"""The product's ingest under wrk next to the DRF peer's, round by round, as ratios.

Reads a folder written by scripts/bench: product-N.txt (factory-loadgen's wrk lines) and
peer-N/last-run.jsonl (the peer's run.sh). Prints each round and the median of the rounds.
"""
import json
import pathlib
import re
import statistics
import sys

folder = pathlib.Path(sys.argv[1])

# (what, the product's line title, the peer's phase, what to compare)
PATHS = [
    ("one event per request", "single event under wrk (16 connections)", "a20", "rps"),
    ("duplicate re-send", "duplicate re-send under wrk (16 connections)", "c20", "rps"),
    ("batches of 100 (events/s)", "batch of 100 events under wrk", "b4", "events"),
]


def product(path):
    found = {}
    for line in path.read_text().splitlines():
        for what, title, _, _ in PATHS:
            if line.startswith(title):
                rps = float(re.search(r"Requests/sec:\s*([\d.]+)", line).group(1))
                p99 = float(re.search(r"wrk: latency p99 ([\d.]+) ms", line).group(1))
                found[what] = (rps * (100 if what.startswith("batches") else 1), p99)
    return found


def peer(path):
    phases = json.loads(path.read_text().splitlines()[0])["phases"]
    found = {}
    for what, _, phase, kind in PATHS:
        p = phases[phase]
        found[what] = (p["events_per_s"] if kind == "events" else p["rps"], p["p99_ms"])
    return found


rounds = []
for n in sorted(int(p.stem.split("-")[1]) for p in folder.glob("product-*.txt")):
    jsonl = folder / f"peer-{n}" / "last-run.jsonl"
    if not jsonl.exists():
        print(f"round {n}: the peer left no results (see {folder}/peer-{n}.log)")
        continue
    rounds.append((n, product(folder / f"product-{n}.txt"), peer(jsonl)))

print("| path | round | product | p99 ms | peer (20 conn) | p99 ms | ratio |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for what, *_ in PATHS:
    ratios = []
    for n, ours, theirs in rounds:
        if what not in ours:
            continue
        ratio = ours[what][0] / theirs[what][0]
        ratios.append(ratio)
        print(f"| {what} | {n} | {ours[what][0]:,.0f} | {ours[what][1]:.2f} | {theirs[what][0]:,.0f} | {theirs[what][1]:.2f} | {ratio:.1f}× |")
    if ratios:
        print(f"| {what} | median | | | | | **{statistics.median(ratios):.1f}×** |")
