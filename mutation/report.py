#!/usr/bin/env python3
"""Summarises PIT's mutations.xml per module and checks the floors of mutation/floor.properties.

usage: report.py MUTATIONS_XML[,MUTATIONS_XML...] FLOOR_PROPERTIES SUMMARY_MD

Writes SUMMARY_MD (a score table per module, the mutants in gradient code, and every mutant that
was not killed) and prints it. Exits 1 when a floor is not met, naming each one.

A mutant counts as killed when PIT reports it detected (KILLED, TIMED_OUT, MEMORY_ERROR,
RUN_ERROR). Its module is the first entry of `module.<name> = <package prefix>` whose prefix the
mutated class starts with. A mutant is in gradient code when its class and method match a
`gradient.<n> = <class glob>#<method glob>` entry, and in a backward rule when they match a
`backward.<n>` entry (globs as in fnmatch: * matches anything, `$` is literal).

Several reports (one per vector width of the SIMD kernels: mutation/run --kernels) merge into one
set of mutants: the same mutant (class, method, signature, line, mutator, index, description) is
killed when any run killed it, and uncovered only when no run covered it.

An `equivalent.<n> = <class>#<method>:<line> <Mutator> | <reason>` entry (the class by its simple name, or by
its full name where two classes share the simple one) names mutants that change
no result any caller can observe (a thread partition, a routing threshold between paths that give
the same values): they are listed with their reason (the text, or the key of a `reason.<key>`
entry), kept out of the score, and each must match a mutant when its class is mutated (a stale
entry fails the report, so the list follows the code).
"""
import fnmatch
import os
import sys
import xml.etree.ElementTree as ET


def read_properties(path):
    props = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=" not in line:
                sys.exit(f"{path}:{number}: expected 'key = value', got {line!r}")
            key, value = (part.strip() for part in line.split("=", 1))
            props[key] = value
    return props


def with_prefix(props, prefix):
    return [(k[len(prefix):], v) for k, v in props.items() if k.startswith(prefix)]


def matches(patterns, cls, method):
    for pattern in patterns:
        if "#" not in pattern:
            sys.exit(f"gradient/backward pattern {pattern!r} must be 'class glob#method glob'")
        class_glob, method_glob = pattern.split("#", 1)
        if fnmatch.fnmatchcase(cls, class_glob) and fnmatch.fnmatchcase(method, method_glob):
            return True
    return False


# How far a run got with a mutant, worst first: the merged status is the best over the runs.
STATUS_RANK = {"NO_COVERAGE": 0, "NON_VIABLE": 1, "SURVIVED": 2, "RUN_ERROR": 3, "MEMORY_ERROR": 3,
               "TIMED_OUT": 3, "KILLED": 4}


def read_equivalents(props, path):
    """{(class simple or full name, method, line, mutator): reason} from the equivalent.<n> entries; a reason that
    names a reason.<key> entry stands for its text."""
    reasons = dict(with_prefix(props, "reason."))
    equivalents = {}
    for key, value in with_prefix(props, "equivalent."):
        where, _, reason = value.partition("|")
        reason = reasons.get(reason.strip(), reason)
        try:
            target, mutator = where.split()
            cls, rest = target.split("#", 1)
            method, line = rest.rsplit(":", 1)
            equivalents[(cls, method, int(line), mutator)] = reason.strip()
        except ValueError:
            sys.exit(f"{path}: equivalent.{key} must be '<Class>#<method>:<line> <Mutator> | <reason>', got {value!r}")
        if not reason.strip():
            sys.exit(f"{path}: equivalent.{key} gives no reason")
    return equivalents


def read_mutants(xml_paths):
    """The mutants of every report, merged: one entry per mutant, its best status over the reports."""
    merged = {}
    for xml_path in xml_paths:
        found = 0
        for m in ET.parse(xml_path).getroot().iter("mutation"):
            found += 1
            key = tuple(m.findtext(f) or "" for f in ("mutatedClass", "mutatedMethod", "methodDescription",
                                                       "lineNumber", "mutator", "description"))
            key += tuple(i.text for i in m.iter("index"))
            if key not in merged or STATUS_RANK.get(m.get("status"), 0) > STATUS_RANK.get(merged[key].get("status"), 0):
                merged[key] = m
        if not found:
            sys.exit(f"{xml_path} holds no mutants")
    return merged.values()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    xml_paths, floor_path, summary_path = sys.argv[1:]
    props = read_properties(floor_path)
    modules = with_prefix(props, "module.")
    gradient = [v for _, v in with_prefix(props, "gradient.")]
    backward = [v for _, v in with_prefix(props, "backward.")]
    floors = dict(with_prefix(props, "floor."))
    # Modules whose floor this run cannot be held to (mutation/run --kernels without 512 bits leaves the 8-row
    # GEMM paths uncovered, and the simd-kernels floor is set for all three widths).
    unchecked = set(filter(None, os.environ.get("MUTATION_UNCHECKED_FLOORS", "").split(",")))
    equivalents = read_equivalents(props, floor_path)
    used = set()

    mutants = []
    for m in read_mutants(xml_paths.split(",")):
        cls = m.findtext("mutatedClass")
        method = m.findtext("mutatedMethod")
        module = next((name for name, prefix in modules if cls.startswith(prefix)), None)
        if module is None:
            sys.exit(f"{cls}: no module.<name> prefix in {floor_path} matches this class")
        line = int(m.findtext("lineNumber"))
        mutator = m.findtext("mutator").rsplit(".", 1)[-1]
        killed = m.get("detected") == "true"
        # An entry names the class by its simple name, or by its full name where the simple one is shared
        # (kernels.internal.Checks and autograd.optim.Checks).
        eq_key = next((k for k in ((cls, method, line, mutator), (cls.rsplit(".", 1)[-1], method, line, mutator))
                       if k in equivalents), None)
        reason = equivalents.get(eq_key)
        if reason is not None:
            used.add(eq_key)
        mutants.append({
            "module": module,
            "class": cls,
            "method": method,
            "line": line,
            "mutator": mutator,
            "description": m.findtext("description"),
            "status": m.get("status"),
            "killed": killed,
            "test": (m.findtext("killingTest") or "").split("[", 1)[0],
            "gradient": matches(gradient, cls, method),
            "backward": matches(backward, cls, method),
            # A killed mutant needs no excuse: only the ones left alive count as equivalent.
            "equivalent": None if killed else reason,
        })
    # Only entries for classes this run mutated can be stale (mutation/run --floor leaves simd-kernels out).
    mutated = {m["class"].rsplit(".", 1)[-1] for m in mutants} | {m["class"] for m in mutants}
    stale = sorted(e for e in set(equivalents) - used if e[0] in mutated)
    if stale:
        sys.exit(f"{floor_path}: equivalent entries that match no mutant of this run (the code moved: update them): "
                 + "; ".join(f"{c}#{m}:{l} {mu}" for c, m, l, mu in stale))
    equivalent = [m for m in mutants if m["equivalent"]]
    mutants = [m for m in mutants if not m["equivalent"]]

    def score(group):
        killed = sum(m["killed"] for m in group)
        return killed, len(group), 100.0 * killed / len(group) if group else 100.0

    lines = ["# Mutation testing summary", "",
             "PIT, default mutators; a mutant is killed when any test of any module detects it.", "",
             "| Module | Killed | Mutants | Score | Survived | No coverage | Floor |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    failures = []
    for name, _ in modules:
        group = [m for m in mutants if m["module"] == name]
        if not group:
            continue  # not mutated in this run (mutation/run --floor leaves simd-kernels out)
        killed, total, pct = score(group)
        survived = sum(m["status"] == "SURVIVED" for m in group)
        uncovered = sum(m["status"] == "NO_COVERAGE" for m in group)
        floor = None if name in unchecked else floors.get(name)
        shown = "not checked" if name in unchecked and floors.get(name) else floor + " %" if floor else "-"
        lines.append(f"| {name} | {killed} | {total} | {pct:.1f} % | {survived} | {uncovered} | {shown} |")
        if floor and pct < float(floor):
            failures.append(f"{name}: {pct:.1f} % of {total} mutants killed, below the floor of {floor} %")
    killed, total, pct = score(mutants)
    lines.append(f"| all | {killed} | {total} | {pct:.1f} % | | | |")

    for label, key, floor_key in (("backward rules", "backward", "backward"),
                                  ("gradient code", "gradient", "gradient")):
        group = [m for m in mutants if m[key]]
        k, t, p = score(group)
        lines += ["", f"Mutants in {label}: {k} of {t} killed ({p:.1f} %)."]
        floor = floors.get(floor_key)
        if floor and p < float(floor):
            failures.append(f"{label}: {p:.1f} % of {t} mutants killed, below the floor of {floor} %")

    if equivalent:
        lines += ["", f"## Equivalent, left out of the scores ({len(equivalent)})", "",
                  "Alive, and reviewed as changing no result a caller can observe (mutation/floor.properties says why).",
                  "", "| Module | Class:line | Method | Mutator | Description | Why equivalent |", "|---|---|---|---|---|---|"]
        for m in sorted(equivalent, key=lambda m: (m["module"], m["class"], m["line"], m["mutator"])):
            lines.append(f"| {m['module']} | {m['class'].rsplit('.', 1)[-1]}:{m['line']} | `{m['method']}` | "
                         f"{m['mutator']} | {m['description']} | {m['equivalent']} |")

    alive = sorted((m for m in mutants if not m["killed"]),
                   key=lambda m: (m["module"], m["class"], m["line"], m["mutator"]))
    lines += ["", f"## Not killed ({len(alive)})", ""]
    if alive:
        lines += ["| Module | Class:line | Method | Mutator | Description | Status | Gradient code |",
                  "|---|---|---|---|---|---|---|"]
        for m in alive:
            lines.append(f"| {m['module']} | {m['class'].rsplit('.', 1)[-1]}:{m['line']} | `{m['method']}` | "
                         f"{m['mutator']} | {m['description']} | {m['status']} | {'yes' if m['gradient'] else ''} |")
    if failures:
        lines += ["", "## Floors not met", ""] + [f"- {f}" for f in failures]
    text = "\n".join(lines) + "\n"
    with open(summary_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    if failures:
        print("mutation/report.py: floors not met:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
