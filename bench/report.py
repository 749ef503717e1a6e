#!/usr/bin/env python3
"""Regenerates BENCHMARKS.md and bench/results/gemm-gflops.svg from the JMH JSON of the full suites.

Usage: report.py RESULTS_DIR OUTPUT_MD   (bench/run report calls it)
Scores are medians over all measurement iterations of all forks; GEMM and GEMV become GFLOP/s
(2*m*n*k or 2*m*n flops per call), activations elements per nanosecond.
"""
import json
import os
import platform
import re
import statistics
import sys

SUITES = ["gemm", "gemv", "activations"]
PEAK_RE = re.compile(r"best of \d+: ([0-9.]+) GFLOP/s")

# The targets of the GEMM issue: (label, impl/op/shape/threads of ours, peer or None for own 1-thread, minimum ratio).
TARGETS = [
    ("sgemm n=512", ("sgemm", "512x512x512", "NN", 1), "openblas", 0.85),
    ("sgemm n=1024", ("sgemm", "1024x1024x1024", "NN", 1), "openblas", 0.85),
    ("sgemm n=64", ("sgemm", "64x64x64", "NN", 1), "openblas", 0.9),
    ("sgemm n=128", ("sgemm", "128x128x128", "NN", 1), "openblas", 0.9),
    ("sgemm n=256", ("sgemm", "256x256x256", "NN", 1), "openblas", 0.9),
    ("sgemm m=32 n=1024 k=512 (RNN batch step)", ("sgemm", "32x1024x512", "NN", 1), "openblas", 1.0),
    ("sgemv 1024x384", ("sgemv", "1024x384", "NN", 1), "openblas", 1.0),
    ("sgemv 4096x1024", ("sgemv", "4096x1024", "NN", 1), "openblas", 1.0),
    ("sgemm n=1024, 2 threads vs our 1 thread", ("sgemm", "1024x1024x1024", "NN", 2), "self-1-thread", 1.7),
    ("dgemm n=512", ("dgemm", "512x512x512", "NN", 1), "openblas", 0.8),
    ("tanh, 1M floats, vs scalar Math.tanh loop", ("tanh", "1048576", "NN", 1), "scalar", 8.0),
    ("sigmoid, 1M floats, vs scalar Math.exp loop", ("sigmoid", "1048576", "NN", 1), "scalar", 8.0),
]


def load(results):
    """Returns {(impl, op, shape, trans, threads): (score, unit)} over all suites present."""
    table = {}
    for suite in SUITES:
        path = os.path.join(results, suite + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            for entry in json.load(f):
                method = entry["benchmark"].rsplit(".", 1)[1]
                op, impl = method.split("_", 1)
                params = entry.get("params", {})
                raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
                micros = statistics.median(raw)
                threads = int(params.get("threads", "1"))
                trans = params.get("trans", "NN")
                if "shape" in params:
                    shape = params["shape"]
                    flops = 2
                    for d in shape.split("x"):
                        flops *= int(d)
                    table[(impl, op, shape, trans, threads)] = (flops / (micros * 1e3), "GFLOP/s")
                else:
                    shape = params["n"]
                    table[(impl, op, shape, trans, threads)] = (int(shape) / (micros * 1e3), "elem/ns")
    return table


def peak(results):
    path = os.path.join(results, "peak.txt")
    if not os.path.exists(path):
        return None, None
    text = open(path).read().strip()
    m = PEAK_RE.search(text)
    return (float(m.group(1)) if m else None), text


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(x, digits=1):
    return "—" if x is None else f"{x:.{digits}f}"


def gemm_rows(table, peak_gflops):
    keys = sorted({(op, shape, trans, threads) for (impl, op, shape, trans, threads) in table
                   if op in ("sgemm", "dgemm", "sgemv")},
                  key=lambda k: (k[0], k[3], [int(d) for d in k[1].split("x")], k[2]))
    rows = []
    for op, shape, trans, threads in keys:
        get = lambda impl: table.get((impl, op, shape, trans, threads), (None,))[0]
        ours, blas, scalar, naive = get("vectorgrad"), get("openblas"), get("scalar"), get("naive")
        # The double peak is half the float one: half as many lanes per FMA.
        denominator = None if not peak_gflops else peak_gflops * threads / (2 if op.startswith("d") else 1)
        pct = lambda x: None if x is None or not denominator else 100 * x / denominator
        ratio = None if ours is None or not blas else ours / blas
        rows.append(f"| {op} | {shape.replace('x', '×')} | {trans} | {threads} | {fmt(ours)} | {fmt(pct(ours), 0)} % | "
                    f"{fmt(blas)} | {fmt(pct(blas), 0)} % | **{fmt(ratio, 2)}** | {fmt(scalar)} | {fmt(naive)} |")
    return rows


def target_rows(table):
    rows = []
    for label, (op, shape, trans, threads), peer, minimum in TARGETS:
        ours = table.get(("vectorgrad", op, shape, trans, threads), (None,))[0]
        if peer == "self-1-thread":
            base = table.get(("vectorgrad", op, shape, trans, 1), (None,))[0]
            peer_name = "ours, 1 thread"
        else:
            base = table.get((peer, op, shape, trans, 1 if peer == "scalar" else threads), (None,))[0]
            peer_name = {"openblas": "OpenBLAS", "scalar": "scalar"}[peer]
        ratio = None if ours is None or not base else ours / base
        verdict = "not run" if ratio is None else ("met" if ratio >= minimum else "**missed**")
        rows.append(f"| {label} | {peer_name} | ≥ {minimum:g}× | {fmt(ratio, 3)}× | {verdict} |")
    return rows


def chart(table, path):
    """SVG line chart: GFLOP/s against n for square float GEMM, one thread, ours/OpenBLAS/scalar."""
    series = {}
    for (impl, op, shape, trans, threads), (score, _) in table.items():
        dims = shape.split("x")
        if op == "sgemm" and threads == 1 and trans == "NN" and len(set(dims)) == 1:
            series.setdefault(impl, []).append((int(dims[0]), score))
    if not series:
        return False
    colors = {"vectorgrad": "#1f77b4", "openblas": "#d62728", "scalar": "#2ca02c", "naive": "#7f7f7f"}
    width, height, left, right, top, bottom = 640, 400, 60, 150, 30, 50
    ns = sorted({n for pts in series.values() for n, _ in pts})
    ymax = max(s for pts in series.values() for _, s in pts) * 1.1
    xpos = lambda n: left + (width - left - right) * (ns.index(n) / max(1, len(ns) - 1))
    ypos = lambda v: height - bottom - (height - top - bottom) * v / ymax
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">Float GEMM, square n, 1 thread: GFLOP/s (median)</text>']
    for i in range(6):
        v = ymax * i / 5
        out.append(f'<line x1="{left}" y1="{ypos(v):.1f}" x2="{width - right}" y2="{ypos(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{ypos(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    for n in ns:
        out.append(f'<text x="{xpos(n):.1f}" y="{height - bottom + 18}" text-anchor="middle">{n}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">n (m = n = k)</text>')
    for i, (impl, pts) in enumerate(sorted(series.items())):
        pts.sort()
        color = colors.get(impl, "black")
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                   + " ".join(f"{xpos(n):.1f},{ypos(s):.1f}" for n, s in pts) + '"/>')
        for n, s in pts:
            out.append(f'<circle cx="{xpos(n):.1f}" cy="{ypos(s):.1f}" r="3" fill="{color}"/>')
        ly = top + 20 + 20 * i
        out.append(f'<line x1="{width - right + 15}" y1="{ly}" x2="{width - right + 35}" y2="{ly}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{width - right + 40}" y="{ly + 4}">{impl}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return True


def main():
    results, output = sys.argv[1], sys.argv[2]
    table = load(results)
    if not table:
        sys.exit(f"report.py: no full-suite results in {results}; run bench/run all first")
    peak_gflops, peak_text = peak(results)
    meta = []
    for suite in SUITES:
        path = os.path.join(results, suite + ".env")
        if os.path.exists(path):
            meta.append(f"Suite `{suite}`: " + "; ".join(open(path).read().strip().splitlines()))
    has_chart = chart(table, os.path.join(results, "gemm-gflops.svg"))
    acts = sorted((k, v) for k, v in table.items() if k[1] in ("tanh", "sigmoid"))
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run report` from the JMH JSON in `bench/results/` (written by `bench/run all`).",
        "Every peer ran in the same JMH invocation as ours; scores are medians over all measurement",
        "iterations of all forks. Do not edit by hand.",
        "",
        "## Machine",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores",
        f"- FMA peak, one core: **{fmt(peak_gflops)} GFLOP/s** float, measured by `bench/peak/fma_peak.c` in the same run "
        f"(independent FMA chains at the widest vector width; `{peak_text}`). % of peak below divides by this "
        "times the thread count, and by half of it for double.",
    ]
    lines += [f"- {l}" for l in meta]
    lines += ["", "## Targets", "", "| case | against | target | measured | |", "|---|---|---|---|---|"]
    lines += target_rows(table)
    lines += ["", "## GEMM and GEMV", "",
              "GFLOP/s (2·m·n·k for GEMM, 2·m·n for GEMV); the ratio is ours / OpenBLAS at the same thread count.",
              "", "| op | m×n×k | trans | threads | vectorgrad | % peak | OpenBLAS | % peak | ratio | scalar | naive |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += gemm_rows(table, peak_gflops)
    if has_chart:
        lines += ["", "![float GEMM GFLOP/s against n](bench/results/gemm-gflops.svg)"]
    if acts:
        lines += ["", "## Activations", "", "Elements per nanosecond over 2^20 floats in [-8, 8].", "",
                  "| op | impl | elem/ns |", "|---|---|---|"]
        lines += [f"| {op} | {impl} | {score:.3f} |" for (impl, op, _, _, _), (score, _) in acts]
    with open(output, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {output}" + (" and bench/results/gemm-gflops.svg" if has_chart else ""))


if __name__ == "__main__":
    main()
