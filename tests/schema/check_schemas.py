#!/usr/bin/python3
"""Every input hw4 documents or tests against must satisfy its mode's JSON Schema (hw4 schema),
and inputs the reader refuses must be refused by the schema too, so the two cannot drift.

usage: check_schemas.py HW4_BINARY SOURCE_DIR
Every mode of the command table (`hw4 schema` lists them) must have a schema that is valid
draft 2020-12. These validate against their schema: data/examples/<command>/[<mode>/]*.json,
data/hw4.json and each of its problems' inputs, data/networks/*.json (the networks that
torchvision_counts.json names), data/autoencoder/*.json, and every tests/reference/**/*.json
whose .expected.json names its command and mode. Each hostile case below is refused by hw4
(exit 2) and by the schema.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []


def hw4(*args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)


modes = [line.split() for line in hw4("schema").stdout.splitlines() if line.strip()]
if not modes:
    sys.exit("hw4 schema listed no modes")
validators = {}
for words in modes:
    command, mode = words[0], (words[1] if len(words) > 1 else "")
    r = hw4("schema", *words)
    if r.returncode != 0:
        failures.append(f"hw4 schema {' '.join(words)}: exit {r.returncode}: {r.stderr.strip()}")
        continue
    schema = json.loads(r.stdout)
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        failures.append(f"{command} {mode}: $schema is not draft 2020-12")
    jsonschema.Draft202012Validator.check_schema(schema)
    validators[(command, mode)] = jsonschema.Draft202012Validator(schema)


def check(path, command, mode, document, where=""):
    validator = validators.get((command, mode))
    if validator is None:
        failures.append(f"{path}{where}: no schema for {command} {mode}")
        return
    for error in validator.iter_errors(document):
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        failures.append(f"{path}{where}{pointer}: {error.message[:300]}")


checked = 0
default_mode = {}
for words in modes:
    default_mode.setdefault(words[0], words[1] if len(words) > 1 else "")
examples = source / "data" / "examples"
for path in sorted(examples.rglob("*.json")):
    parts = path.relative_to(examples).parts
    command, mode = parts[0], (parts[1] if len(parts) == 3 else "")
    if len(parts) > 3 or (command, mode) not in validators:
        continue  # not a mode's input (grade's submissions/ are its SUBMISSION arguments)
    check(path, command, mode, json.loads(path.read_text()))
    checked += 1

problem_set = source / "data" / "hw4.json"
document = json.loads(problem_set.read_text())
check(problem_set, "solve", "", document)
for i, problem in enumerate(document.get("problems", [])):
    if "command" in problem:
        mode = problem.get("mode", default_mode.get(problem["command"], ""))
        check(problem_set, problem["command"], mode, problem["input"], f":/problems/{i}/input")
        checked += 1

# The real networks (the inputs named by their oracle) and the autoencoder's seed inputs.
networks = source / "data" / "networks"
for name in sorted(json.loads((networks / "torchvision_counts.json").read_text())["networks"]):
    check(networks / f"{name}.json", "cnn-params", "count", json.loads((networks / f"{name}.json").read_text()))
    checked += 1
for path in sorted((source / "data" / "autoencoder").glob("*.json")):
    check(path, "autoencoder", "train", json.loads(path.read_text()))
    checked += 1

for expected in sorted((source / "tests" / "reference").rglob("*.expected.json")):
    meta = json.loads(expected.read_text())
    path = expected.with_name(expected.name.replace(".expected.json", ".json"))
    check(path, meta["_command"], meta["_mode"], json.loads(path.read_text()))
    checked += 1

# Hostile inputs the readers refuse (a sample of tests/cli/hostile_test.cc's, of the kinds a
# schema can state: types, ranges, unknown fields, required fields).
conv = {"type": "conv2d", "out": 8, "kernel": 1}
shape = {"channels": 3, "height": 8, "width": 8}
chain = {"start": "<s>", "end": "</s>", "transitions": {"<s>": {"</s>": 1.0}}}
rows = [[1, 2], [3, 4], [5, 6]]
weights = {"W": [[1, 1], [-1, -1]], "b": [-0.5, 1.1], "v": [1, 1], "c0": 0.1, "r": 3.25, "c": -3}
hostile = [
    ("cnn-params", "count", {"input": shape, "layers": [{"type": "repeat", "times": 1e18, "layers": [conv]}]}),
    ("cnn-params", "count", {"input": {"channels": 1e15, "height": 8, "width": 8}, "layers": [conv]}),
    ("cnn-params", "count", {"input": shape, "layers": [{"type": "conv2d", "out": 8, "kernel": 0}]}),
    ("cnn-params", "count", {"input": shape, "layers": [{"type": "conv2d", "out": -8, "kernel": 1}]}),
    ("cnn-params", "count", {"input": shape, "layers": [{"type": "conv2d", "out": 8, "kernal": 1}]}),
    ("cnn-params", "count", {"input": shape, "layers": [{"type": "conv4d", "out": 8, "kernel": 1}]}),
    ("gan-grad", "grad", {"loss": "minimax", "logits_real": [1]}),
    ("gan-grad", "grad", {"loss": "hinge", "real_logits": [1], "fake_logits": [0]}),
    ("rnn-equal", "run", {"weights": weights, "activation": "step", "a": [2], "b": [1]}),
    ("rnn-equal", "verify", {"weights": weights, "activation": "sigmoid", "max_length": 1e12}),
    ("rnn-equal", "solve", {"activation": "sigmoid", "bounds": -1}),
    ("skipgram", "pairs", {"text": "a b c", "window": 1e12}),
    ("skipgram", "pairs", {"text": "a b c", "window": 0}),
    ("skipgram", "pairs", {"text": "a b c"}),
    ("skipgram", "train", {"corpus": "/", "dim": 0}),
    ("skipgram", "similar", {"query": ["a"]}),
    ("beam-search", "decode", {**chain, "width": 0}),
    ("beam-search", "decode", {**chain, "width": 1e15, "max_length": 1e15}),
    ("beam-search", "decode", {**chain, "transitions": {"<s>": {"</s>": -1.0}}}),
    ("autoencoder", "analyze", {"data": {"synthetic": {"samples": 1e12, "features": 1e12, "rank": 3}}}),
    ("autoencoder", "train", {"data": {"rows": rows}, "train": {"epochs": 1e12}}),
    ("autoencoder", "train", {"data": {"rows": rows}, "model": {"hidden": [4], "latent": 0}}),
    ("autoencoder", "train", {"data": {"rows": rows, "csv": "x.csv"}}),
    ("solve", "", {"problems": [{"id": "1", "title": "no command, no explanation"}]}),
    ("solve", "", {"problems": [{"id": "1", "command": "skipgram", "input": {}, "claims": {}}]}),
]
for command, mode in validators:
    hostile += [(command, mode, [1, 2, 3]), (command, mode, "hello"),
                (command, mode, {"zzz_unknown_field": 1})]
for command, mode, document in hostile:
    text = json.dumps(document)
    r = hw4(command, *([mode] if mode else []), "-", stdin=text)
    if r.returncode != 2:
        failures.append(f"hostile {command} {mode} {text[:120]}: hw4 exits {r.returncode}, not 2 (fix the case)")
    validator = validators.get((command, mode))
    if validator is not None and validator.is_valid(document):
        failures.append(f"hostile {command} {mode} {text[:120]}: the reader refuses it, the schema accepts it")

print(f"{len(validators)} schemas, {checked} inputs valid, {len(hostile)} hostile inputs refused by both"
      if not failures else "\n".join(failures))
sys.exit(1 if failures else 0)
