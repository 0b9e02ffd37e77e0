#!/usr/bin/python3
"""Grades a class of 1,000 generated submissions against the seed key's non-training problems and
prints the whole-process time of `hw4 grade` beside that of `hw4 solve` on the same key (what
grading costs beyond solving the key once).

usage: /usr/bin/python3 bench/grade_class.py BUILD/hw4 [--students 1000] [--repeat 3]

The submissions are a seeded mix per answer: 60 % right (polynomials respelled as people write
them), 15 % wrong, 15 % a known mistake (the sign flipped, FLOPs for MACs, the seed's S'(y)S(y) for
6.2), 10 % missing.
"""
import argparse, json, os, random, subprocess, sys, tempfile, time


def run(args):
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done


def respelled(text, rng):
    # "38*C^2 + 6*C" as "38C^2 + 6C", "38*C**2 + 6*C" or "38C² + 6C".
    style = rng.randrange(3)
    if style == 0:
        return text.replace("*", "")
    if style == 1:
        return text.replace("^", "**")
    return text.replace("*", "").replace("^2", "²").replace("^3", "³")


def wrong(value, rng):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value * 1.5 + 1
    if isinstance(value, list):
        return [wrong(v, rng) for v in value]
    if isinstance(value, str):
        return value + " + C"
    return "wrong"


def flipped(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return -value
    if isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        return [-v for v in value]
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hw4")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    seed = json.load(open(os.path.join(root, "data", "hw4.json")))
    key = {"title": seed["title"],
           "problems": [p for p in seed["problems"] if "grade" in p and p.get("mode") != "train"]}
    work = tempfile.mkdtemp(prefix="hw4-grade-bench-")
    key_path = os.path.join(work, "key.json")
    json.dump(key, open(key_path, "w"))
    # Paths inside the key stay relative to data/.
    for p in key["problems"]:
        data = p.get("input", {}).get("data", {})
        if isinstance(data, dict) and "csv" in data:
            data["csv"] = os.path.join(root, "data", data["csv"])
    json.dump(key, open(key_path, "w"))

    _, solved = run([args.hw4, "solve", key_path, "--json"])
    results = {p["id"]: p.get("result") for p in json.loads(solved.stdout)["result"]["problems"]}
    rng = random.Random(1)
    lines = []
    for s in range(args.students):
        answers = {}
        for p in key["problems"]:
            given = {}
            for pointer in p["grade"]:
                value = results[p["id"]]
                for token in pointer.split("/")[1:]:
                    value = value[int(token)] if isinstance(value, list) else value[token]
                roll = rng.random()
                if roll < 0.10:
                    continue
                if roll < 0.70:
                    given[pointer] = respelled(value, rng) if isinstance(value, str) and "*" in value else value
                elif roll < 0.85:
                    given[pointer] = wrong(value, rng)
                else:
                    mistake = flipped(value)
                    if p["id"] == "6.2" and pointer == "/grad_scores":
                        mistake = [0.2371, 0.2695, -1.035, 0.5284]  # the seed's S'(y)S(y)
                    if pointer.endswith("/macs/text"):
                        mistake = value  # FLOPs for MACs: read below from the flops field
                        model = results[p["id"]]["models"][pointer.split("/")[2]]
                        mistake = model["flops"]["text"]
                    given[pointer] = mistake if mistake is not None else wrong(value, rng)
            answers[p["id"]] = given
        lines.append(json.dumps({"student": "s%04d" % s, "name": "Student %d" % s, "answers": answers}))
    subs = os.path.join(work, "class.ndjson")
    open(subs, "w").write("\n".join(lines) + "\n")

    solve_times, grade_times = [], []
    for _ in range(args.repeat):
        t, done = run([args.hw4, "solve", key_path, "--json"])
        solve_times.append(t)
        t, graded = run([args.hw4, "grade", key_path, subs, "--format", "csv"])
        if graded.returncode != 0:
            sys.exit("hw4 grade failed: " + graded.stderr.decode())
        grade_times.append(t)
    solve_t, grade_t = min(solve_times), min(grade_times)
    result = json.loads(run([args.hw4, "grade", key_path, subs, "--json"])[1].stdout)["result"]
    diagnosed = sum(w["count"] for q in result["questions"] for w in q["wrong_answers"] if "diagnosis" in w)
    wrong_total = sum(w["count"] for q in result["questions"] for w in q["wrong_answers"])
    print(f"key: {len(key['problems'])} problems, "
          f"{sum(len(p['grade']) for p in key['problems'])} graded answers; "
          f"{args.students} submissions, {wrong_total} wrong answers of which {diagnosed} diagnosed")
    print(f"{'hw4 solve KEY (once)':32} {solve_t:8.3f} s")
    print(f"{'hw4 grade KEY CLASS --format csv':32} {grade_t:8.3f} s")
    print(f"{'grading beyond solving the key':32} {grade_t - solve_t:8.3f} s   (target < 2 s; best of {args.repeat})")


if __name__ == "__main__":
    main()
