#!/usr/bin/python3
# vary's draws written independently of hw4 (SPEC "grade and vary"): FNV-1a of "<S>/<id>/<problem>",
# SplitMix64, u = (x >> 11)·2⁻⁵³, entries in byte order of their pointers. Writes draws.json for
# tests/cli/vary_test.cc: {seed: {variant: {problem: {pointer: value}}}}.
import json
from decimal import Decimal, ROUND_HALF_EVEN

M = 2**64 - 1

def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & M
    return h

def stream(seed):
    x = seed
    while True:
        x = (x + 0x9e3779b97f4a7c15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
        yield ((z ^ (z >> 31)) >> 11) * 2.0**-53

def draw(spec, u):
    if "choices" in spec:
        return spec["choices"][int(u * len(spec["choices"]))]
    if "range" in spec:
        lo, hi = spec["range"]
        step = spec.get("step", 1)
        m = (hi - lo) // step + 1
        return lo + int(u * m) * step
    lo, hi = spec["uniform"]
    value = Decimal(lo + u * (hi - lo)).quantize(Decimal(1).scaleb(-spec.get("decimals", 2)), ROUND_HALF_EVEN)
    return float(value)

key = json.load(open("key.json"))
out = {}
for seed, ids in (("s1", ["ann", "ben", "cat"]), ("42", ["v1", "v2"])):
    out[seed] = {}
    for vid in ids:
        out[seed][vid] = {}
        for p in key["problems"]:
            us = stream(fnv1a64(f"{seed}/{vid}/{p['id']}"))
            out[seed][vid][p["id"]] = {ptr: draw(p["vary"][ptr], next(us)) for ptr in sorted(p["vary"])}
json.dump(out, open("draws.json", "w"), indent=2)
