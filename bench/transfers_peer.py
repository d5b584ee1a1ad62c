#!/usr/bin/env python3
"""An independent evaluator of Musubi's transfer rules, for bench/transfers.sh.

It shares no code with the .NET engine: it reads the same YAML (data/rules, data/world) with PyYAML and applies the
semantics written in docs/engines/transfers.md ("How a gate decides", "Conditions") directly to the YAML trees. It is
(1) a peer for the throughput figure — how fast a straightforward interpreter evaluates the same cases — and (2) a
differential check: given the engine's answers (Musubi.Benchmarks peer-cases), every case whose verdict, gate
verdicts, approvals or notifications differ is printed. A disagreement is a bug in one of the two.

    transfers_peer.py --data data --cases cases.jsonl [--show 20]

Every line of cases.jsonl is {"case": {contract JSON}, "verdict": ..., "gates": {...}, "approvals": [...],
"notifications": [[body, section, reviewDays], ...]} as written by the engine.
"""

import argparse
import datetime
import glob
import json
import os
import re
import sys
import time

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("transfers_peer.py: PyYAML is missing (apt-get install python3-yaml)")

# Every scalar as a string (YAML 1.1's "NO is false" and implicit dates do not apply): the files are read the way the
# docs describe them, and this reader decides what each string means.
Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

NULLS = {"", "~", "null", "Null", "NULL"}
COUNTRY_FIELDS = {"from", "to", "item.origin", "item.licensor", "item.madeIn"}
LIST_FIELDS = {"item.coDevelopers"}
BOOL_FIELDS = {"item.weapon", "item.mde", "item.sme", "item.uas"}
NUMBER_FIELDS = {"valueUsd", "item.maxSpeedKmh", "item.mtcrCategory"}
TEXT_FIELDS = {"item.program", "item.usml", "item.eccn"}
ENUM_FIELDS = {"channel", "recipient", "purpose", "item.kind", "item.category"}
ALL_FIELDS = COUNTRY_FIELDS | LIST_FIELDS | BOOL_FIELDS | NUMBER_FIELDS | TEXT_FIELDS | ENUM_FIELDS
STRICTNESS = {"permitted": 0, "permitted_with_approval": 1, "prohibited": 2}
FAR_FUTURE = datetime.date.max.toordinal() + 1


def is_null(v):
    return v is None or (isinstance(v, str) and v in NULLS)


def day(s):
    return datetime.date.fromisoformat(s).toordinal()


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader) or {}


class World:
    def __init__(self, data):
        self.groups = {}  # id -> {country: [(from, to)]}
        for path in sorted(glob.glob(os.path.join(data, "world", "groups", "*.yaml"))):
            for g in load_yaml(path).get("groups", []):
                members = {}
                for m in g.get("members") or []:
                    to = m.get("to")
                    members.setdefault(m["country"], []).append((day(m["from"]), FAR_FUTURE if is_null(to) else day(to)))
                self.groups[g["id"]] = members
        self.facts = {f["id"]: (f["subject"], f["group"]) for f in load_yaml(os.path.join(data, "world", "facts.yaml"))["facts"]}
        self.routine = {a["code"]: a.get("routine") == "true" for a in load_yaml(os.path.join(data, "world", "approvals.yaml"))["approvals"]}
        self.jurisdictions = [(j["id"], j["reach"]) for j in load_yaml(os.path.join(data, "world", "jurisdictions.yaml"))["jurisdictions"]]
        self.rules = {j: [] for j, _ in self.jurisdictions}
        for path in sorted(glob.glob(os.path.join(data, "rules", "**", "*.yaml"), recursive=True)):
            for r in load_yaml(path).get("rules", []):
                to = r.get("effective_to")
                self.rules[r["jurisdiction"]].append({
                    "id": r["id"],
                    "from": day(r["effective_from"]),
                    "to": FAR_FUTURE if is_null(to) else day(to),
                    "effect": r["effect"],
                    "baseline": r.get("baseline") == "true",
                    "approvals": list(r.get("approvals") or []),
                    "notifications": [(n["body"], None if is_null(n.get("section")) else n["section"],
                                       None if is_null(n.get("review_days")) else int(n["review_days"]))
                                      for n in (r.get("notifications") or [])],
                    "when": r.get("when"),
                })

    def member(self, group, country, d):
        return country is not None and any(f <= d < t for f, t in self.groups[group].get(country, []))


class Case:
    """A case from contract JSON: field paths to values (absent fields are None), the date and the facts given."""

    def __init__(self, c):
        item = c["item"]
        self.day = day(c["date"])
        self.facts = c.get("facts") or {}
        self.values = {}
        for path in ALL_FIELDS:
            src, key = (item, path[5:]) if path.startswith("item.") else (c, path)
            self.values[path] = src.get(key)
        if self.values["item.coDevelopers"] is None:
            self.values["item.coDevelopers"] = []


def holds(cond, case, world):
    """Whether a condition (a YAML tree of strings, lists and dicts) holds for the case, as docs/engines/transfers.md says."""
    if isinstance(cond, list):
        return all(holds(c, case, world) for c in cond)
    if not isinstance(cond, dict):
        raise ValueError(f"not a condition: {cond!r}")
    return all(entry(k, v, case, world) for k, v in cond.items())


def entry(key, value, case, world):
    if key == "all":
        return all(holds(c, case, world) for c in value)
    if key == "any":
        return any(holds(c, case, world) for c in value)
    if key == "not":
        return not holds(value, case, world)
    if key == "fact":
        return fact(value, case, world)
    if key not in ALL_FIELDS:
        raise ValueError(f"unknown field {key}")
    v = case.values[key]
    if isinstance(value, dict):
        return all(operator(key, op, arg, v, case, world) for op, arg in value.items())
    wanted = value if isinstance(value, list) else [value]
    if key in LIST_FIELDS:  # a list field given values: it holds each of them
        return all(w in v for w in wanted)
    return any(equals(key, v, w) for w in wanted)


def equals(key, v, w):
    if is_null(w):
        return v is None
    if v is None:
        return False
    if key in BOOL_FIELDS:
        return v == (w == "true")
    if key in NUMBER_FIELDS:
        return float(v) == float(w.replace("_", ""))
    return v == w


def operator(key, op, arg, v, case, world):
    if op == "present":
        given = len(v) > 0 if key in LIST_FIELDS else v is not None
        return given == (arg == "true")
    if op in ("in_group", "not_in_group"):
        return world.member(arg, v, case.day) == (op == "in_group")
    if op in ("equals", "not_equals"):
        same = v is not None and v == case.values[arg]
        return same == (op == "equals")
    if op in ("in", "not_in"):
        found = v is not None and v in case.values[arg]
        return found == (op == "in")
    if op in ("gte", "gt", "lt", "lte"):
        if v is None:
            return False
        x, y = float(v), float(arg.replace("_", ""))
        return {"gte": x >= y, "gt": x > y, "lt": x < y, "lte": x <= y}[op]
    if op == "pattern":
        return v is not None and re.search(arg, v, re.IGNORECASE) is not None
    if op == "contains":
        return all(c in v for c in (arg if isinstance(arg, list) else [arg]))
    if op == "contains_field":
        return case.values[arg] is not None and case.values[arg] in v
    raise ValueError(f"unknown operator {op} on {key}")


def fact(name, case, world):
    if name in case.facts:
        return bool(case.facts[name])
    subject, group = world.facts[name]
    return world.member(group, case.values[subject], case.day)


def evaluate(c, world):
    """The answer for one case: verdict, gate verdicts, approvals (sorted) and notifications."""
    case = Case(c)
    gates, approvals, notifications = {}, set(), []
    for j, reach in world.jurisdictions:
        if not holds(reach, case, world):
            continue
        fired = [r for r in world.rules[j]
                 if r["from"] <= case.day < r["to"] and (r["when"] is None or holds(r["when"], case, world))]
        deny = [r for r in fired if r["effect"] == "deny" and not r["baseline"]]
        allow = [r for r in fired if r["effect"] in ("allow", "allow_with_approvals") and not r["baseline"]]
        base_deny = [r for r in fired if r["effect"] == "deny" and r["baseline"]]
        base_allow = [r for r in fired if r["effect"] in ("allow", "allow_with_approvals") and r["baseline"]]
        # 1. a deny rule prohibits; 2. an allowing rule allows; 3. otherwise the baseline decides (a baseline deny
        # prohibits, a baseline allow allows); 4. no rule: prohibited.
        if deny:
            deciding = None
        elif allow:
            deciding = allow
        elif base_allow and not base_deny:
            deciding = base_allow
        else:
            deciding = None
        if deciding is None:
            gates[j] = "prohibited"
            continue
        verdict = "permitted"
        for r in deciding + [r for r in fired if r["effect"] == "require"]:
            for a in r["approvals"]:
                approvals.add(a)
                if not world.routine[a]:
                    verdict = "permitted_with_approval"
            for n in r["notifications"]:
                notifications.append(list(n))
                verdict = "permitted_with_approval"
        gates[j] = verdict
    overall = max(gates.values(), key=STRICTNESS.get) if gates else "prohibited"
    return {"verdict": overall, "gates": gates, "approvals": sorted(approvals), "notifications": sorted(notifications, key=str)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="data")
    ap.add_argument("--cases", required=True)
    ap.add_argument("--show", type=int, default=20, help="disagreements to print in full")
    args = ap.parse_args()

    started = time.perf_counter()
    world = World(args.data)
    loaded = time.perf_counter() - started
    with open(args.cases, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]

    started = time.perf_counter()
    answers = [evaluate(line["case"], world) for line in lines]
    elapsed = time.perf_counter() - started

    disagreements = {"verdict": 0, "gates": 0, "approvals": 0, "notifications": 0}
    shown = 0
    for line, ours in zip(lines, answers):
        theirs = {
            "verdict": line["verdict"],
            "gates": line["gates"],
            "approvals": sorted(line["approvals"]),
            "notifications": sorted(line["notifications"], key=str),
        }
        differs = [k for k in disagreements if ours[k] != theirs[k]]
        for k in differs:
            disagreements[k] += 1
        if differs and shown < args.show:
            shown += 1
            print(f"DISAGREE {line['case'].get('id')} on {', '.join(differs)}")
            print(f"  case:   {json.dumps(line['case'], ensure_ascii=False)}")
            print(f"  engine: {json.dumps(theirs, ensure_ascii=False)}")
            print(f"  peer:   {json.dumps(ours, ensure_ascii=False)}")

    n = len(lines)
    total = sum(1 for line, ours in zip(lines, answers) if ours["verdict"] != line["verdict"])
    verdicts = {v: sum(1 for a in answers if a["verdict"] == v) for v in STRICTNESS}
    print(f"peer: {n:,} cases in {elapsed:.2f} s ({n / elapsed:,.0f} evaluations/s, one core, CPython "
          f"{sys.version.split()[0]}, PyYAML {yaml.__version__}; rules loaded in {loaded:.2f} s); "
          f"verdicts {verdicts}")
    print(f"peer: disagreements with the engine: {disagreements} ({total} verdicts)")
    print(f"RESULT peer cases={n} evals_per_s={n / elapsed:.0f} verdict_disagreements={total} "
          f"gate_disagreements={disagreements['gates']} approval_disagreements={disagreements['approvals']} "
          f"notification_disagreements={disagreements['notifications']}")
    return 1 if any(disagreements.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
