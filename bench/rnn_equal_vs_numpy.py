#!/usr/bin/python3
"""hw4 rnn-equal verify against the NumPy brute force a student would otherwise write.

Usage: /usr/bin/python3 bench/rnn_equal_vs_numpy.py [HW4_BINARY] [MAX_LENGTH]   (needs numpy)

Both check every pair of bit strings up to MAX_LENGTH (default 12) for the saturated sigmoid
network (textbook weights times 10, right for every length) and must agree; under step, NumPy
still enumerates to MAX_LENGTH while hw4 proves every length with the product machine. Prints
wall times side by side and the ratio (hw4 includes process start, JSON and rendering).
"""
import json
import subprocess
import sys
import time

import numpy as np

HW4 = sys.argv[1] if len(sys.argv) > 1 else "build/release/hw4"
L = int(sys.argv[2]) if len(sys.argv) > 2 else 12
INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def weights(scale):
    s = scale
    return {"W": [[s, s], [-s, -s]], "b": [-1.5 * s, 0.5 * s], "v": [s, s], "c0": -0.5 * s,
            "r": s, "c": -1.5 * s, "y0": 1}


def numpy_check(w, act, max_length):
    """Level by level: all 4^t prefixes as one array; returns the first failing length or None."""
    W, b, v = np.array(w["W"]), np.array(w["b"]), np.array(w["v"])
    g = (lambda z: 1 / (1 + np.exp(-z))) if act == "sigmoid" else (lambda z: (z > 0).astype(float))
    u = np.array([v @ g(W @ np.array(x, float) + b) for x in INPUTS]) + w["c"]
    equal_input = np.array([True, False, False, True])
    ys, eq = np.array([float(w["y0"])]), np.array([True])
    for t in range(1, max_length + 1):
        ys = g(u[None, :] + w["r"] * ys[:, None]).reshape(-1)
        eq = (eq[:, None] & equal_input[None, :]).reshape(-1)
        if np.any((ys > 0.5) != eq):
            return t
    return None


def hw4_check(w, act, max_length):
    inp = {"weights": w, "activation": act, "max_length": max_length}
    p = subprocess.run([HW4, "rnn-equal", "verify", "-", "--format", "json"],
                       input=json.dumps(inp), capture_output=True, text=True, check=False)
    result = json.loads(p.stdout)["result"]
    ce = result["counterexample"]
    return None if ce is None else ce["t"], result


def timed(f, *args):
    start = time.perf_counter()
    out = f(*args)
    return time.perf_counter() - start, out


def main():
    print(f"{'case':34} {'hw4 s':>9} {'numpy s':>9} {'numpy/hw4':>10}")
    for act, scale, what in [("sigmoid", 10, f"sigmoid, every pair to length {L}"),
                             ("step", 1, f"step: proof vs pairs to length {L}")]:
        w = weights(scale)
        t_hw4, (hw4_t, result) = timed(hw4_check, w, act, L)
        t_np, np_t = timed(numpy_check, w, act, L)
        assert hw4_t == np_t, (hw4_t, np_t)
        print(f"{what:34} {t_hw4:9.3f} {t_np:9.3f} {t_np / t_hw4:10.1f}"
              f"   (all lengths: {result['all_lengths']})")


if __name__ == "__main__":
    main()
