#!/usr/bin/env python3
"""Regenerates BENCHMARKS.md and its charts (bench/results/*.svg) from the JMH JSON of the full suites.

Usage: report.py RESULTS_DIR OUTPUT_MD [--quick]   (bench/run report calls it)
Scores are medians over all measurement iterations of all forks; GEMM and GEMV become GFLOP/s
(2*m*n*k or 2*m*n flops per call), activations elements per nanosecond, recurrent inference steps
microseconds per step and sequence benchmarks tokens (batch x steps) per second. The PyTorch peer's
results (SUITE-torch.json, from bench/torch_peer.py) are merged into the recurrent and convolution tables.
With --quick it reads the -quick results instead and names its charts *-quick.svg (to check a change;
the numbers of short runs are not for the record).
"""
import json
import math
import os
import platform
import re
import statistics
import sys

SUITES = ["gemm", "gemv", "activations"]
RNN_SUITES = ["cells", "train"]
# The batch-1 step against our GEMV over the same weights, in 6 forks (issue 21): its keys are the cells suite's.
ALIGNMENT_SUITE = "alignment"
# Whole-model serving (issue 18): its own table, since its keys would collide with the cells suite's.
SERVING_SUITE = "serving"
# Keras-style layers and fit against what they run on (issue 18): KerasLayerBench and FitBench.
LAYERS_SUITE = "layers"
# 2-D convolution at the image-sequence demo's shapes (issue 19): ConvBench against torch_peer.py conv.
CONV_SUITE = "conv"
CONV_SHAPES = [("28x28x1to32", "28×28×1 → 32 filters"), ("13x13x32to64", "13×13×32 → 64 filters")]
# The demo model's training step (ConvModelBench, torch_peer.py conv): sequences and frames per step.
MODEL_BATCH, MODEL_FRAMES = 32, 8
# Imported models against ONNX Runtime on the same .onnx file (issue 20): ImportBench and LaunchBench.
IMPORT_SUITE = "import"
# Launch to the first and to the 1000th step, a fresh JVM per sample (issue 21, warm-up): WarmupBench, not JMH.
WARMUP_SUITE = "warmup"
# Its engines and modes, in the order of the table and the chart: (impl, label, colour).
WARMUP_MODES = [("onnxruntime", "ONNX Runtime", "#ff7f0e"),
                ("vectorgrad", "Vector API kernels", "#1f77b4"),
                ("vectorgrad-scalar", "scalar provider", "#9ecae1"),
                ("vectorgrad-plain", "plain Java kernels", "#2ca02c"),
                ("vectorgrad-aot", "Vector API + AOT cache", "#6b6ecf"),
                ("vectorgrad-plain-aot", "plain Java + AOT cache", "#98df8a")]
# Per-key inference in Kafka Streams' test driver (issue 22): StreamsBench and StreamsStepBench, sample time.
STREAMS_SUITE = "streams"
# Quantised weights (issue 21): QuantGemvBench, QuantPackedBench, QuantStepBench.
QUANT_SUITE = "quant"
# Set by main(): "" or "-quick", the suffix of the result files read and the charts written.
SUFFIX = ""
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
    # issue 21: two threads against OpenBLAS at two threads
    ("sgemm n=256, 2 threads (issue 21)", ("sgemm", "256x256x256", "NN", 2), "openblas", 0.95),
    ("sgemm n=512, 2 threads (issue 21)", ("sgemm", "512x512x512", "NN", 2), "openblas", 0.95),
    ("sgemm n=1024, 2 threads (issue 21)", ("sgemm", "1024x1024x1024", "NN", 2), "openblas", 0.95),
    ("sgemm m=32 n=1024 k=512, 2 threads (issue 21)", ("sgemm", "32x1024x512", "NN", 2), "openblas", 0.95),
    ("dgemm n=512", ("dgemm", "512x512x512", "NN", 1), "openblas", 0.8),
    ("tanh, 1M floats, vs scalar Math.tanh loop", ("tanh", "1048576", "NN", 1), "scalar", 8.0),
    ("sigmoid, 1M floats, vs scalar Math.exp loop", ("sigmoid", "1048576", "NN", 1), "scalar", 8.0),
]


def jmh_entries(results, suite):
    """Yields (impl, op, params, median microseconds, entry) for each benchmark of SUITE's JMH JSON, if present.
    Benchmark methods are named op_impl."""
    path = os.path.join(results, suite + SUFFIX + ".json")
    if not os.path.exists(path):
        return
    with open(path) as f:
        for entry in json.load(f):
            op, impl = entry["benchmark"].rsplit(".", 1)[1].split("_", 1)
            raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
            yield impl, op, entry.get("params", {}), statistics.median(raw), entry


def load(results):
    """Returns {(impl, op, shape, trans, threads): (score, unit)} over all suites present."""
    table = {}
    for suite in SUITES:
        for impl, op, params, micros, _ in jmh_entries(results, suite):
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
    path = os.path.join(results, "peak" + SUFFIX + ".txt")
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


def packed_rows(table, peak_gflops):
    """The RNN-step product C = X * W^T (W stored n x k): ours with W packed once, ours unpacked (transB, and B
    not transposed on a copy), OpenBLAS; one row per shape measured by SgemmPackedBench."""
    keys = sorted({(op, shape, threads) for (impl, op, shape, trans, threads) in table if impl == "packed"},
                  key=lambda k: (k[2], [int(d) for d in k[1].split("x")][::-1]))
    rows = []
    for op, shape, threads in keys:
        get = lambda impl: table.get((impl, op, shape, "NT", threads), (None,))[0]
        packed, unpacked, transposed, blas = get("packed"), get("vectorgrad"), get("transposed"), get("openblas")
        pct = None if packed is None or not peak_gflops else 100 * packed / (peak_gflops * threads)
        ratio = None if packed is None or not blas else packed / blas
        rows.append(f"| {shape.replace('x', '×')} | {threads} | **{fmt(packed)}** | {fmt(pct, 0)} % | {fmt(unpacked)} | "
                    f"{fmt(transposed)} | {fmt(blas)} | **{fmt(ratio, 2)}** |")
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


# ---- recurrent suites (issue 6) ---------------------------------------------------------------

CELLS = ["rnn", "lstm", "gru"]


def load_rnn(results):
    """Returns {(impl, op, cell, batch, steps, threads, variant): {"us", "score", "unit", "alloc"}} from the
    JMH JSON and the PyTorch peer's JSON of the recurrent suites; variant is the roofline matrix (hh,
    ihhh) or the kind of overhead, else ""."""
    table = {}
    for suite in RNN_SUITES:
        for impl, op, params, micros, entry in jmh_entries(results, suite):
            alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            batch, steps = int(params.get("batch", "1")), int(params.get("steps", "1"))
            key = (impl, op, params["cell"], batch, steps, int(params.get("threads", "1")), params.get("matrix", ""))
            table[key] = rnn_value(op, micros, batch, steps, alloc)
        path = os.path.join(results, suite + "-torch" + SUFFIX + ".json")
        if os.path.exists(path):
            with open(path) as f:
                for e in json.load(f)["results"]:
                    if e["op"] == "overhead":
                        key = ("pytorch", "overhead", "", 1, 1, e["threads"], e["kind"])
                    else:
                        key = ("pytorch", e["op"], e["cell"], e["batch"], e["steps"], e["threads"], "")
                    table[key] = rnn_value(e["op"], e["median_us"], e.get("batch", 1), e.get("steps", 1), None)
    return table


def rnn_value(op, micros, batch, steps, alloc):
    tokens = op in ("forward", "train")
    return {"us": micros, "score": batch * steps / (micros * 1e-6) if tokens else micros,
            "unit": "tokens/s" if tokens else "us", "alloc": alloc}


def rnn_get(rnn, impl, op, cell, batch=1, steps=1, threads=1, variant="", field="us"):
    value = rnn.get((impl, op, cell, batch, steps, threads, variant))
    return None if value is None else value[field]


def fmt_bytes(x):
    """B/op: three decimals near 0 (JMH's noise there is a fraction of a byte), whole bytes above."""
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:,.0f}")


def ratio(a, b):
    return None if a is None or not b else a / b


# (label, how to compute the measured ratio, "<=" or ">=", target).
def rnn_targets():
    targets = []
    for cell in CELLS:
        targets.append((f"{cell} step, batch 1: latency", "PyTorch", "<=", 0.2,
                        lambda r, c=cell: ratio(rnn_get(r, "vectorgrad", "step", c), rnn_get(r, "pytorch", "step", c))))
        targets.append((f"{cell} step, batch 1: latency", "OpenBLAS sgemv [W_ih\\|W_hh]", "<=", 1.3,
                        lambda r, c=cell: ratio(rnn_get(r, "vectorgrad", "step", c),
                                                rnn_get(r, "openblas", "sgemv", c, variant="ihhh"))))
        targets.append((f"{cell} step, batch 32: latency", "PyTorch", "<=", 0.5,
                        lambda r, c=cell: ratio(rnn_get(r, "vectorgrad", "step", c, 32),
                                                rnn_get(r, "pytorch", "step", c, 32))))
    for op, name in (("forward", "sequence forward"), ("train", "training step")):
        for cell in ("lstm", "gru"):
            for threads in (1, 2):
                targets.append((f"{cell} {name}, 32×64, {threads} thread{'s' if threads > 1 else ''}: tokens/s",
                                "PyTorch", ">=", 1.5,
                                lambda r, c=cell, o=op, t=threads: ratio(
                                    rnn_get(r, "vectorgrad", o, c, 32, 64, t, field="score"),
                                    rnn_get(r, "pytorch", o, c, 32, 64, t, field="score"))))
    for cell in ("lstm", "gru"):
        for threads in (1, 2):
            targets.append((f"{cell} training step batch-first, 32×64, {threads} thread{'s' if threads > 1 else ''}: "
                            "tokens/s", "ours, time-major", ">=", 0.97,
                            lambda r, c=cell, t=threads: ratio(
                                rnn_get(r, "vectorgrad", "trainBatchFirst", c, 32, 64, t, field="score"),
                                rnn_get(r, "vectorgrad", "train", c, 32, 64, t, field="score"))))
    for cell in ("lstm", "gru"):
        targets.append((f"{cell} training step, 2 threads: tokens/s", "ours, 1 thread", ">=", 1.6,
                        lambda r, c=cell: ratio(rnn_get(r, "vectorgrad", "train", c, 32, 64, 2, field="score"),
                                                rnn_get(r, "vectorgrad", "train", c, 32, 64, 1, field="score"))))
    return targets


def rnn_target_rows(rnn):
    rows = []
    for label, peer, sense, target, measure in rnn_targets():
        r = measure(rnn)
        if r is None:
            verdict = "not run"
        else:
            verdict = "met" if (r <= target if sense == "<=" else r >= target) else "**missed**"
        measured = "—" if r is None else f"{r:.3f}×"
        rows.append(f"| {label} | {peer} | {'≤' if sense == '<=' else '≥'} {target:g}× | {measured} | {verdict} |")
    # Allocation: JMH's gc profiler, bytes per step. The profiler counts every thread of the fork, so a
    # constant background (~13 KB/s here, from JMH itself) shows as a fraction of a byte per fast step and
    # as several bytes per slow one. An allocating step allocates at least one object, 16 bytes or more,
    # every time; below 16 B/op no step allocates. The unit test StepInferenceAllocationTest counts the
    # benchmark thread's bytes alone and asserts 0.
    for cell in CELLS:
        for batch in (1, 32):
            alloc = rnn_get(rnn, "vectorgrad", "step", cell, batch, field="alloc")
            verdict = "not run" if alloc is None else ("met" if alloc < 16 else "**missed**")
            measured = "—" if alloc is None else f"{fmt_bytes(alloc)} B/op"
            rows.append(f"| {cell} step, batch {batch}: allocation | JMH gc profiler | 0 B/op | {measured} | {verdict} |")
    return rows


def batch_one_floor(rnn):
    """Why the batch-1 target against PyTorch is out of reach: the GEMV over the weights alone, as a fraction of
    PyTorch's step, measured in the same run."""
    parts = []
    factors = []
    for cell in CELLS:
        gemv = ratio(rnn_get(rnn, "openblas", "sgemv", cell, variant="ihhh"), rnn_get(rnn, "pytorch", "step", cell))
        if gemv is not None:
            parts.append(f"{cell} {gemv:.2f}×")
            factors.append(gemv / 0.2)
    if not parts:
        return []
    return ["", "A batch-1 step has to read all its weights once, and one OpenBLAS `sgemv` over them (the roofline "
            "column below) alone already takes this fraction of PyTorch's step time: " + ", ".join(parts) + ". "
            f"A step at 0.2× PyTorch would have to run {min(factors):.1f} to {max(factors):.1f} times faster than "
            "that sgemv, the best GEMV measured on this machine, so that target is out of reach here; the step is "
            "held to the roofline target instead (≤ 1.3× the sgemv)."]


def step_rows(rnn):
    rows = []
    for cell in CELLS:
        floor = rnn_get(rnn, "pytorch", "step_min", cell)
        for batch in (1, 32):
            ours = rnn_get(rnn, "vectorgrad", "step", cell, batch)
            torch = rnn_get(rnn, "pytorch", "step", cell, batch)
            alloc = rnn_get(rnn, "vectorgrad", "step", cell, batch, field="alloc")
            if ours is None and torch is None:
                continue
            hh = ihhh = gemv = aligned = None
            if batch == 1:
                hh = rnn_get(rnn, "openblas", "sgemv", cell, variant="hh")
                ihhh = rnn_get(rnn, "openblas", "sgemv", cell, variant="ihhh")
                gemv = rnn_get(rnn, "vectorgrad", "sgemv", cell, variant="ihhh")
                aligned = rnn_get(rnn, "vectorgrad_aligned", "sgemv", cell, variant="ihhh")
            less = None if torch is None or floor is None else torch - floor
            rows.append(f"| {cell} | {batch} | {fmt(ours, 2)} | {fmt_bytes(alloc)} | {fmt(torch, 1)} | {fmt(less, 1)} | "
                        f"**{fmt(ratio(ours, torch), 3)}** | {fmt(hh, 2)} | {fmt(ihhh, 2)} | {fmt(gemv, 2)} | "
                        f"{fmt(aligned, 2)} | **{fmt(ratio(ours, ihhh), 2)}** | **{fmt(ratio(ours, aligned), 2)}** |")
    return rows


def load_alignment(results):
    """The alignment suite (issue 21) as load_rnn reads the recurrent suites: its own table, since its keys are the
    cells suite's."""
    table = {}
    for impl, op, params, micros, entry in jmh_entries(results, ALIGNMENT_SUITE):
        key = (impl, op, params["cell"], int(params.get("batch", "1")), 1, int(params.get("threads", "1")),
               params.get("matrix", ""))
        table[key] = rnn_value(op, micros, 1, 1, None)
        # Each fork's median, for the spread across forks (each fork a new JVM that places the arrays anew).
        table[key]["forks"] = [statistics.median(fork) for fork in entry["primaryMetric"]["rawData"] if fork]
    return table


def alignment_section(aligned):
    """Issue 21, item 1: the batch-1 step against our own GEMV over the same weights, and the spread across forks."""
    rows, spread = [], []
    for cell in CELLS:
        step = rnn_get(aligned, "vectorgrad", "step", cell)
        gemv = rnn_get(aligned, "vectorgrad_aligned", "sgemv", cell, variant="ihhh")
        heap = rnn_get(aligned, "vectorgrad", "sgemv", cell, variant="ihhh")
        blas = rnn_get(aligned, "openblas", "sgemv", cell, variant="ihhh")
        if step is None and gemv is None:
            continue
        r = ratio(step, gemv)
        verdict = "not run" if r is None else ("met" if r <= 1.1 else "**missed**")
        rows.append(f"| {cell} | {fmt(step, 2)} | {fmt(gemv, 2)} | {fmt(heap, 2)} | {fmt(blas, 2)} | "
                    f"**{fmt(r, 3)}** | ≤ 1.1× | {verdict} |")
        for label, impl, op, variant in (("step", "vectorgrad", "step", ""),
                                         ("our gemv, aligned", "vectorgrad_aligned", "sgemv", "ihhh"),
                                         ("our gemv, heap array", "vectorgrad", "sgemv", "ihhh"),
                                         ("OpenBLAS sgemv", "openblas", "sgemv", "ihhh")):
            forks = rnn_get(aligned, impl, op, cell, variant=variant, field="forks")
            if forks:
                lo, hi = min(forks), max(forks)
                spread.append(f"| {cell} | {label} | {len(forks)} | {fmt(lo, 2)} | {fmt(hi, 2)} | "
                              f"{(hi / lo - 1) * 100:.1f} % |")
    if not rows:
        return []
    return ["", "## Batch-1 step at the GEMV's cost (issue 21, suite `alignment`)", "",
            "One `StepInference` step at batch 1 (input 128, hidden 256, float, 1 thread) against one GEMV over the "
            "weights it reads, `[W_ih | W_hh]` (gates·H × (I+H)): ours from an `AlignedFloatMatrix` (what the step "
            "reads: off the heap, each row on a 64-byte line, on JDK 22+), ours from a heap array, OpenBLAS's. Each in "
            "6 JMH forks (new JVMs, so the heap arrays land anew); µs, median over all forks.", "",
            "| cell | step µs | our gemv, aligned µs | our gemv, heap µs | OpenBLAS sgemv µs | step / aligned gemv | "
            "target | |", "|---|---|---|---|---|---|---|---|"] + rows + [
            "", "Spread across the forks: each fork's median µs, lowest and highest.", "",
            "| cell | case | forks | lowest µs | highest µs | spread |", "|---|---|---|---|---|---|"] + spread


def overhead_rows(rnn):
    rows = []
    threads = sorted({k[5] for k in rnn if k[0] == "pytorch" and k[1] == "overhead"})
    for t in threads:
        for kind, label in (("tensor_op", "tensor op: `torch.add` on one-element tensors"),
                            ("module_call", "module call: `nn.Identity()(x)`")):
            rows.append(f"| {label} | {t} | {fmt(rnn_get(rnn, 'pytorch', 'overhead', '', threads=t, variant=kind), 2)} |")
    for cell in CELLS:
        v = rnn_get(rnn, "pytorch", "step_min", cell)
        if v is not None:
            rows.append(f"| `nn.{ {'rnn': 'RNNCell', 'lstm': 'LSTMCell', 'gru': 'GRUCell'}[cell]}` step at input 1, "
                        f"hidden 1, batch 1 | 1 | {fmt(v, 2)} |")
    return rows


def sequence_rows(rnn):
    rows = []
    for op, name in (("forward", "forward (no grad)"), ("train", "training step")):
        for cell in ("lstm", "gru"):
            for threads in (1, 2):
                get = lambda impl, t=threads: rnn_get(rnn, impl, op, cell, 32, 64, t, field="score")
                ours, torch = get("vectorgrad"), get("pytorch")
                if ours is None and torch is None:
                    continue
                scale_ours = scale_torch = None
                if threads > 1:
                    scale_ours = ratio(ours, get("vectorgrad", 1))
                    scale_torch = ratio(torch, get("pytorch", 1))
                rows.append(f"| {name} | {cell} | {threads} | {fmt(ours, 0)} | {fmt(torch, 0)} | "
                            f"**{fmt(ratio(ours, torch), 2)}** | {fmt(scale_ours, 2)} | {fmt(scale_torch, 2)} |")
    return rows


def bar_chart(path, title, groups, series, colors, log=False, ylabel=""):
    """SVG grouped bar chart: groups along x, one bar per series (name, values with None for missing)."""
    values = [v for _, vs in series for v in vs if v]
    if not values:
        return False
    width, height, left, right, top, bottom = 720, 400, 70, 190, 30, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    if log:
        lo = math.floor(math.log10(min(values)))
        hi = math.ceil(math.log10(max(values)))
        hi = hi if hi > lo else lo + 1
        ypos = lambda v: height - bottom - plot_h * (math.log10(v) - lo) / (hi - lo)
        ticks = [10 ** e for e in range(lo, hi + 1)]
    else:
        ymax = max(values) * 1.1
        ypos = lambda v: height - bottom - plot_h * v / ymax
        ticks = [ymax * i / 5 for i in range(6)]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">{title}</text>']
    for v in ticks:
        label = f"{v:g}" if log else (f"{v / 1000:.0f}k" if max(values) >= 10000 else f"{v:.0f}")
        out.append(f'<line x1="{left}" y1="{ypos(v):.1f}" x2="{width - right}" y2="{ypos(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{ypos(v) + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<text x="16" y="{top + plot_h / 2:.1f}" transform="rotate(-90 16 {top + plot_h / 2:.1f})" '
               f'text-anchor="middle">{ylabel}</text>')
    slot = plot_w / len(groups)
    bar = slot * 0.8 / len(series)
    base = height - bottom
    for g, label in enumerate(groups):
        x0 = left + slot * g + slot * 0.1
        for i, (name, vs) in enumerate(series):
            v = vs[g]
            if not v:
                continue
            y = ypos(v)
            out.append(f'<rect x="{x0 + bar * i:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{base - y:.1f}" '
                       f'fill="{colors[i]}"><title>{name}, {label}: {v:.4g}</title></rect>')
        for j, part in enumerate(label.split("\n")):
            out.append(f'<text x="{left + slot * (g + 0.5):.1f}" y="{base + 16 + 14 * j}" text-anchor="middle">{part}</text>')
    for i, (name, _) in enumerate(series):
        ly = top + 20 + 20 * i
        out.append(f'<rect x="{width - right + 15}" y="{ly - 8}" width="14" height="12" fill="{colors[i]}"/>')
        out.append(f'<text x="{width - right + 35}" y="{ly + 3}">{name}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return True


def rnn_charts(rnn, results):
    """Two charts: inference step latency (log scale) and sequence tokens/s; returns the files written."""
    written = []
    groups = [(c, b) for c in CELLS for b in (1, 32)]
    step = os.path.join(results, "rnn-step" + SUFFIX + ".svg")
    if bar_chart(step, "Recurrent inference step, input 128, hidden 256, 1 thread: µs per step (median, log scale)",
                 [f"{c}\nbatch {b}" for c, b in groups],
                 [("vectorgrad", [rnn_get(rnn, "vectorgrad", "step", c, b) for c, b in groups]),
                  ("PyTorch", [rnn_get(rnn, "pytorch", "step", c, b) for c, b in groups]),
                  ("OpenBLAS sgemv [W_ih|W_hh]", [rnn_get(rnn, "openblas", "sgemv", c, variant="ihhh") if b == 1 else None
                                                  for c, b in groups])],
                 ["#1f77b4", "#ff7f0e", "#d62728"], log=True, ylabel="µs per step (lower is better)"):
        written.append(step)
    groups = [(o, c, t) for o in ("forward", "train") for c in ("lstm", "gru") for t in (1, 2)]
    tokens = os.path.join(results, "rnn-tokens" + SUFFIX + ".svg")
    if bar_chart(tokens, "Recurrent sequences, batch 32 × 64 steps: tokens per second (median)",
                 [f"{o} {c}\n{t} thread{'s' if t > 1 else ''}" for o, c, t in groups],
                 [("vectorgrad", [rnn_get(rnn, "vectorgrad", o, c, 32, 64, t, field="score") for o, c, t in groups]),
                  ("PyTorch", [rnn_get(rnn, "pytorch", o, c, 32, 64, t, field="score") for o, c, t in groups])],
                 ["#1f77b4", "#ff7f0e"], ylabel="tokens/s (higher is better)"):
        written.append(tokens)
    return written


def rnn_sections(rnn, results, output):
    lines = ["", "## Recurrent targets (issue 6)", "",
             "Ratios against peers measured in the same `bench/run` invocation: latency ratios are ours / peer "
             "(lower is better), tokens/s ratios ours / peer (higher is better).", "",
             "| case | against | target | measured | |", "|---|---|---|---|---|"]
    lines += rnn_target_rows(rnn)
    lines += batch_one_floor(rnn)
    charts = rnn_charts(rnn, results)
    rel = lambda p: os.path.relpath(p, os.path.dirname(os.path.abspath(output)))
    rows = step_rows(rnn)
    if rows:
        lines += ["", "## Recurrent inference step (suite `cells`)", "",
                  "One `StepInference` step (ours) and one `nn.RNNCell`/`nn.LSTMCell`/`nn.GRUCell` call under "
                  "`torch.no_grad()` (PyTorch), input 128, hidden 256, float, 1 thread, the state carried from step "
                  "to step; µs per step, median (ours: of JMH iteration means; PyTorch: of single calls). "
                  "B/op is JMH's `gc.alloc.rate.norm`, which also counts JMH's own threads (a steady ~13 KB/s here, so "
                  "fractions of a byte per fast step and a few bytes per slow one); a step that allocated would "
                  "show 16 B/op or more (one object). \"PyTorch, less overhead\" subtracts the same call at input 1, "
                  "hidden 1 (below). The roofline is one OpenBLAS `sgemv` over the weights a step reads: `W_hh` "
                  "(gates·H × H, 1024×256 for an LSTM) and `[W_ih | W_hh]` (gates·H × (I+H), 1024×384); "
                  "\"our gemv\" is our kernel on the latter, from a heap array and from an `AlignedFloatMatrix` (off the "
                  "heap, rows at 64-byte lines: what the step reads, issue 21).", "",
                  "| cell | batch | vectorgrad µs | B/op | PyTorch µs | PyTorch, less overhead | ours / PyTorch | "
                  "sgemv W_hh µs | sgemv [W_ih\\|W_hh] µs | our gemv [W_ih\\|W_hh] µs | our gemv, aligned µs | "
                  "ours / sgemv [W_ih\\|W_hh] | ours / our aligned gemv |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        lines += rows
    rows = overhead_rows(rnn)
    if rows:
        lines += ["", "PyTorch's Python call overhead, measured in the same peer run (median µs per call):", "",
                  "| call | threads | µs |", "|---|---|---|"]
        lines += rows
    if len(charts) > 0 and charts[0].endswith("rnn-step" + SUFFIX + ".svg"):
        lines += ["", f"![recurrent step latency]({rel(charts[0])})"]
    rows = sequence_rows(rnn)
    if rows:
        lines += ["", "## Recurrent sequences: forward and training (suite `train`)", "",
                  "A one-layer LSTM/GRU (input 128, hidden 256, float) over `[64 steps, 32 batch, 128]` from a zero "
                  "state. Forward: `Recurrent.forward` under `Tape.noGrad()` / `nn.LSTM` under `torch.no_grad()`. "
                  "Training step: forward on a tape, MSE against fixed targets, backward, Adam (lr 1e-3) update, "
                  "zero gradients (and tape reset). Tokens per second = 32·64 / median time per call. Threads: "
                  "`-Dvectorgrad.kernels.threads=N` in the JMH fork; `torch.set_num_threads(N)` with "
                  "`OMP_WAIT_POLICY=PASSIVE` at 2 threads. Scaling is the 2-thread / 1-thread tokens/s ratio.", "",
                  "| op | cell | threads | vectorgrad tokens/s | PyTorch tokens/s | ours / PyTorch | "
                  "vectorgrad scaling | PyTorch scaling |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += rows
        tok = [c for c in charts if c.endswith("rnn-tokens" + SUFFIX + ".svg")]
        if tok:
            lines += ["", f"![recurrent tokens per second]({rel(tok[0])})"]
    return lines, charts


def load_serving(results):
    """Returns {impl: {"us": median µs per step, "alloc": B/op or None}} from the serving suite's JMH JSON and its
    PyTorch peer's JSON."""
    table = {}
    for impl, op, params, micros, entry in jmh_entries(results, SERVING_SUITE):
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        table[impl] = {"us": micros, "alloc": alloc}
    path = os.path.join(results, SERVING_SUITE + "-torch" + SUFFIX + ".json")
    if os.path.exists(path):
        with open(path) as f:
            for e in json.load(f)["results"]:
                if e["op"] == "step":
                    table["pytorch"] = {"us": e["median_us"], "alloc": None}
    return table


def serving_section(serving):
    ours = serving.get("vectorgrad", {}).get("us")
    names = [("vectorgrad", "vectorgrad `StepModel.step` (models.serving)"),
             ("pytorch", "PyTorch module call under `torch.no_grad()`, 1 thread"),
             ("onnxruntime", "ONNX Runtime Java 1.22, `torch.onnx.export` of the same module, 1 intra-op thread")]
    rows = []
    for impl, label in names:
        v = serving.get(impl)
        if v is None:
            rows.append(f"| {label} | not run | — | — |")
            continue
        versus = "—" if impl == "vectorgrad" else f"**{fmt(ratio(ours, v['us']), 3)}**"
        rows.append(f"| {label} | {fmt(v['us'], 2)} | {fmt_bytes(v['alloc'])} | {versus} |")
    return ["", "## Whole-model serving (suite `serving`, issue 18)", "",
            "`Embedding(100, 64) → LSTM(256) → Dense(100, softmax)` at batch 1, one token per call, the state carried "
            "from call to call, the same weights in the three engines (the PyTorch peer builds the module, exports "
            "its weights and `torch.onnx.export`s it as one step: id, h, c → probs, h, c; the JMH setup checks "
            "vectorgrad's and ONNX Runtime's probabilities against PyTorch's over the first 8 tokens, within 1e-5). "
            "µs per step, median (JMH: of iteration means; PyTorch: of single calls). B/step is JMH's "
            "`gc.alloc.rate.norm` (the Java heap only: ONNX Runtime's native allocations are not counted). "
            "ONNX Runtime runs with its inputs wrapped once around direct buffers and its outputs pinned. The ratio "
            "is vectorgrad / engine (lower is better for vectorgrad).", "",
            "| engine | µs per step | B/step | vectorgrad / engine |", "|---|---|---|---|"] + rows


def load_import(results):
    """Returns {(impl, op, cell, threads): (median µs, B/op or None, params)} from the import suite's JMH JSON."""
    table = {}
    for impl, op, params, micros, entry in jmh_entries(results, IMPORT_SUITE):
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        table[(impl, op, params.get("cell"), int(params.get("threads", "1")))] = (micros, alloc, params)
    return table


def import_section(imported):
    # (op, case, unit, value from the median µs and the parameters, "≤" or "≥", goal on vectorgrad / ONNX Runtime)
    cases = [("step", "batch-1 step, state carried", "µs per step", lambda us, p: us, "≤", 0.5),
             ("sequence", "32 × 64-step sequence forward", "tokens/s",
              lambda us, p: int(p["batch"]) * int(p["steps"]) / (us * 1e-6), "≥", 1.2),
             ("launch", "JVM launch to the first result", "ms", lambda us, p: us / 1e3, "≤", 1.0)]
    rows = []
    for op, case, unit, value, sense, goal in cases:
        for threads in (1, 2):
            for cell in ("lstm", "gru"):
                ours = imported.get(("vectorgrad", op, cell, threads))
                ort = imported.get(("onnxruntime", op, cell, threads))
                if ours is None or ort is None:
                    continue
                a, b = value(ours[0], ours[2]), value(ort[0], ort[2])
                r = a / b
                digits = 2 if unit == "µs per step" else 0
                # the goals are set at one thread; two threads (both engines) are shown for scale-out
                if threads == 1:
                    met = r <= goal if sense == "≤" else r >= goal
                    mark = f"{sense} {goal} | {'met' if met else 'MISSED'}"
                else:
                    mark = "— | —"
                rows.append(f"| {cell.upper()} | {case} | {threads} | {unit} | {a:,.{digits}f} | {b:,.{digits}f} | "
                            f"{fmt_bytes(ours[1]) if op != 'launch' else '—'} | "
                            f"{fmt_bytes(ort[1]) if op != 'launch' else '—'} | **{r:.3f}** | {mark} |")
    if not rows:
        return []
    return ["", "## Imported models against ONNX Runtime (suite `import`, issue 20)", "",
            "One LSTM or GRU layer (input 128, hidden 256) that `torch.onnx.export` wrote (opset 17; "
            "`bench/torch_peer.py import --export`), loaded from the same `.onnx` file by vectorgrad-interop's "
            "`OnnxModel` and by ONNX Runtime Java 1.22 (1 inter-op thread, sequential, all graph optimisations), "
            "its intra-op threads at the row's count, vectorgrad's kernels at the same count; the goals are set at "
            "one thread. The JMH setup checks both engines against PyTorch's "
            "outputs (4 steps at batch 1, 5 steps at batch 3) within 1e-5 before measuring. Step: ours an "
            "`OnnxStepPlan` (state carried inside it), ONNX Runtime a one-step run whose state outputs are pinned to "
            "the tensors the next call reads. Sequence: 64 steps of batch 32 from zero states, `OnnxModel.run` "
            "against ONNX Runtime's `run` with pinned outputs. Launch: a fresh JVM (this JDK, the bench jar) that "
            "loads the file, runs one step and prints it, timed from process start to exit (JMH single shots; "
            "vectorgrad's JVM with `--add-modules=jdk.incubator.vector`). Medians; B/op is JMH's "
            "`gc.alloc.rate.norm` (Java heap only). The ratio is vectorgrad / ONNX Runtime in the row's unit.", "",
            "| cell | case | threads | unit | vectorgrad | ONNX Runtime | vectorgrad B/op | ONNX Runtime B/op | ratio "
            "| goal | |",
            "|---|---|---|---|---|---|---|---|---|---|---|"] + rows


def load_warmup(results):
    """Returns (json, {(cell, impl): result}) from WarmupBench's JSON, or (None, {}) when absent."""
    path = os.path.join(results, WARMUP_SUITE + SUFFIX + ".json")
    if not os.path.exists(path):
        return None, {}
    with open(path) as f:
        data = json.load(f)
    return data, {(r["cell"], r["impl"]): r for r in data["results"]}


def warmup_section(data, warmup, results, output):
    rows = []
    for cell in ("lstm", "gru"):
        ort = warmup.get((cell, "onnxruntime"))
        for impl, label, _ in WARMUP_MODES:
            r = warmup.get((cell, impl))
            if r is None:
                continue
            first, last = statistics.median(r["first_ms"]), statistics.median(r["last_ms"])
            cells = []
            for ours, key in ((first, "first_ms"), (last, "last_ms")):
                cells.append(fmt(ours, 0))
                if ort is None:
                    cells += ["—", ""]
                    continue
                ratio = ours / statistics.median(ort[key])
                cells += [f"**{fmt(ratio, 2)}**", "" if impl == "onnxruntime" else "met" if ratio <= 1.0 else "MISSED"]
            spread = f"{fmt(min(r['first_ms']), 0)}–{fmt(max(r['first_ms']), 0)} / " \
                     f"{fmt(min(r['last_ms']), 0)}–{fmt(max(r['last_ms']), 0)}"
            engine = label if impl == "onnxruntime" else "vectorgrad, " + label
            rows.append(f"| {cell.upper()} | {engine} | " + " | ".join(cells) + f" | {spread} | "
                        f"{r['first_diff_torch']:.2g} / {r['last_diff_ort']:.2g} |")
    if not rows:
        return []
    steps = data["steps"]
    lines = ["", "## Launch to the first and to the 1000th step (suite `warmup`, issue 21)", "",
             f"Each sample is a fresh JVM (this JDK, the bench jar as its class path) that loads the import suite's "
             f"layer (LSTM or GRU, input 128, hidden 256, PyTorch's weights) and runs {steps} batch-1 steps from zero "
             "states, reporting the time from the JVM's start (`RuntimeMXBean.getStartTime`, the start of the JVM's "
             "creation, 1 ms resolution) to the end of the first and of the last step. ONNX Runtime Java 1.22 loads "
             "the exported `.onnx` (1 intra-op thread, state outputs pinned to the next call's inputs); vectorgrad "
             "loads the same weights from safetensors into `cells.Lstm`/`Gru` and steps a `StepInference` "
             "(`--add-modules=jdk.incubator.vector`, 1 kernel thread): with its default Vector API kernels, with the "
             "scalar provider (`-Dvectorgrad.kernels.provider=scalar`), with `withPlainJavaKernels()`, and the "
             "first and the last of these with a JDK AOT cache (`-XX:AOTCache`, made by a training run of the same "
             f"command with `-XX:AOTCacheOutput`). {data['samples']} samples per row, run round-robin over the rows "
             "after one unmeasured run of each; medians, and the range of all samples. Every sample is checked: y "
             "after the first step against PyTorch's (≤ 1e-5), y after the last against ONNX Runtime's (≤ 1e-4); "
             "the largest differences are in the last column. The ratio is the row's time / ONNX Runtime's; the goals "
             "are ≤ 1.0 for both. This machine is shared: launch times move with its load (see the load average "
             "above).", "",
             f"| cell | engine, mode | launch → step 1, ms | ratio | ≤ 1.0 | launch → step {steps}, ms | ratio | ≤ 1.0 "
             f"| range, ms (step 1 / step {steps}) | max diff (PyTorch / ORT) |",
             "|---|---|---|---|---|---|---|---|---|---|"] + rows
    groups = [(cell, key) for cell in ("lstm", "gru") for key in ("first_ms", "last_ms")]
    path = os.path.join(results, "warmup" + SUFFIX + ".svg")
    series = [(label, [statistics.median(warmup[(cell, impl)][key]) if (cell, impl) in warmup else None
                       for cell, key in groups]) for impl, label, _ in WARMUP_MODES]
    if bar_chart(path, f"JVM start to step 1 and to step {steps}, batch 1, ms (median)",
                 [f"{cell.upper()}\n{'step 1' if key == 'first_ms' else f'step {steps}'}" for cell, key in groups],
                 series, [c for _, _, c in WARMUP_MODES], ylabel="ms from JVM start (lower is better)"):
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(output)))
        lines += ["", f"![launch to the first and the {steps}th step]({rel})"]
    return lines


def load_layers(results):
    """Returns {(op, cell, threads): median µs} from the layers suite's JMH JSON (cell is "" for FitBench)."""
    table = {}
    for impl, op, params, micros, _ in jmh_entries(results, LAYERS_SUITE):
        table[(op, params.get("cell", ""), int(params.get("threads", "1")))] = micros
    return table


def layers_section(layers):
    rows = []
    for cell in ("lstm", "gru"):
        for threads in (1, 2):
            for what, keras, cells in (("training step", "trainKeras", "trainCells"),
                                       ("forward, no tape", "forwardKeras", "forwardCells")):
                k, c = layers.get((keras, cell, threads)), layers.get((cells, cell, threads))
                if k is None or c is None:
                    continue
                r = k / c
                rows.append(f"| {cell.upper()} {what} | {threads} | {fmt(k / 1e3, 2)} | {fmt(c / 1e3, 2)} | "
                            f"**{fmt(r, 3)}** | {'met' if r <= 1.05 else 'MISSED'} |")
            m, c = layers.get(("mapWeights", cell, threads)), layers.get(("trainCells", cell, threads))
            if m is not None and c is not None:
                rows.append(f"| {cell.upper()} weight mapping alone, as a share of the cells' training step | {threads} "
                            f"| {fmt(m / 1e3, 3)} | {fmt(c / 1e3, 2)} | {fmt(1 + m / c, 3)} (bound) | |")
    lines = ["", "## Keras-style layers and `fit` (suite `layers`, issue 18)", "",
             "A `models.layers.LSTM`/`GRU` (Keras's weight layout, mapped to the cells' layout at every call) against "
             "the `cells.Lstm`/`Gru` it runs on, input 128, units 256, float, 32 sequences of 64 steps, "
             "`return_sequences`: one training step (forward on a tape, MSE, backward, Adam, zeroed gradients) and "
             "the forward pass alone. ms per call, median; the target is Keras / cells ≤ 1.05.", "",
             "| case | kernel threads | Keras-style layer, ms | cells layer, ms | Keras / cells | ≤ 1.05 |",
             "|---|---|---|---|---|---|"] + rows
    f, h = layers.get(("fitEpoch", "", 1)), layers.get(("handLoop", "", 1))
    if f is not None and h is not None:
        r = f / h
        lines += ["", "`Sequential.fit` against the training loop written by hand, on the char-model workload of the "
                  "Keras tutorial (`SimpleRNN(128, return_sequences)` + `Dense(65, softmax)`, `RMSprop(0.01)`, "
                  "sparse categorical cross-entropy, 512 windows of 40 one-hot characters, batch 32, shuffled): one "
                  "epoch (16 steps) per call, both from the same weights. ms per epoch, median; the target is "
                  "fit / hand loop ≤ 1.05.", "",
                  "| case | `fit`, ms | hand loop, ms | fit / hand loop | ≤ 1.05 |", "|---|---|---|---|---|",
                  f"| one epoch, 1 kernel thread | {fmt(f / 1e3, 2)} | {fmt(h / 1e3, 2)} | **{fmt(r, 3)}** | "
                  f"{'met' if r <= 1.05 else 'MISSED'} |"]
    return lines


def load_conv(results):
    """Returns {(impl, op, conv): median ms} from the conv suite's JMH JSON and its PyTorch peer's JSON."""
    table = {}
    for impl, op, params, micros, _ in jmh_entries(results, CONV_SUITE):
        table[(impl, op, params.get("conv", "fashion"))] = micros / 1e3
    path = os.path.join(results, CONV_SUITE + "-torch" + SUFFIX + ".json")
    if os.path.exists(path):
        with open(path) as f:
            for e in json.load(f)["results"]:
                if "conv" in e or "model" in e:
                    table[("pytorch", e["op"], e.get("conv", e.get("model")))] = e["median_us"] / 1e3
    return table


def conv_section(conv, results, output):
    rows = []
    for key, label in CONV_SHAPES:
        for op, what in (("forward", "forward"), ("train", "forward + backward (input, kernel, bias)")):
            p = conv.get(("pytorch", op, key))
            for impl, front in (("kernels", "`FloatKernels`"), ("autograd", "`Convolutions.conv2d` (autograd op)")):
                v = conv.get((impl, op, key))
                if v is None:
                    continue
                r = v / p if p else None
                rows.append(f"| {label}, {what} | {front} | {fmt(v, 2)} | {fmt(p, 2) if p else '—'} | "
                            f"**{fmt(r, 3) if r else '—'}** | {'' if r is None else 'met' if r <= 1.0 else 'MISSED'} |")
    step, torch_step = conv.get(("vectorgrad", "trainStep", "fashion")), conv.get(("pytorch", "trainStep", "fashion"))
    if not rows and step is None:
        return []
    lines = ["", "## Convolution (suite `conv`, issue 19)", "",
             "conv2d at the image-sequence demo's shapes: 256 images (32 sequences × 8 frames), 3×3 kernels, stride 1, "
             "valid padding, a bias, float, 1 thread. Ours channels-last (NHWC, kernel [3, 3, in, out]) through the "
             "kernels (`FloatKernels.conv2d`, then `conv2dBackwardInput`, `conv2dBackwardKernel` and the bias gradient "
             "into preallocated, zeroed arrays) and through the autograd op (`Convolutions.conv2d`, forward under "
             "`noGrad`, or on a tape with `backward` from a fixed upstream gradient); PyTorch's "
             "`torch.nn.functional.conv2d` in its native NCHW, forward under `no_grad` and forward + "
             "`y.backward(dy)` with input, weight and bias requiring gradients. ms per call, median (ours: of JMH "
             "iteration means; PyTorch: of single calls). The ratio is ours / PyTorch (below 1 is faster); the goal "
             "is ≤ 1.0.", "",
             "| case | vectorgrad front | vectorgrad, ms | PyTorch, ms | ours / PyTorch | ≤ 1.0 |",
             "|---|---|---|---|---|---|"] + rows
    if step is not None:
        frames = MODEL_BATCH * MODEL_FRAMES
        ours, theirs = frames / (step / 1e3), frames / (torch_step / 1e3) if torch_step else None
        r = ours / theirs if theirs else None
        lines += ["", "The image-sequence demo's model (examples' `FashionSequences`: `TimeDistributed` Conv2D(32, 3, relu), "
                  "MaxPooling2D(2), Conv2D(64, 3, relu), MaxPooling2D(2), Flatten, then LSTM(50) and Dense(10, softmax)), "
                  "one training step on 32 sequences of 8 frames of 28×28×1: ours `Sequential.trainOnBatch` "
                  "(`ConvModelBench`: forward on a tape, sparse categorical cross-entropy and accuracy, backward, Adam), "
                  "PyTorch the same model (`bench/torch_fashion_sequences.py`'s `Model`, cross-entropy, backward, Adam, "
                  "`zero_grad`), 1 thread each. Frames per second from the median step; the ratio is ours / PyTorch "
                  "(above 1 is faster); the goal is ≥ 1.0.", "",
                  "| case | vectorgrad, ms/step | PyTorch, ms/step | vectorgrad, frames/s | PyTorch, frames/s | "
                  "ours / PyTorch | ≥ 1.0 |", "|---|---|---|---|---|---|---|",
                  f"| training step, 256 frames | {fmt(step, 1)} | {fmt(torch_step, 1) if torch_step else '—'} | "
                  f"{fmt(ours, 0)} | {fmt(theirs, 0) if theirs else '—'} | **{fmt(r, 3) if r else '—'}** | "
                  f"{'' if r is None else 'met' if r >= 1.0 else 'MISSED'} |"]
    groups = [(key, op) for key, _ in CONV_SHAPES for op in ("forward", "train")]
    path = os.path.join(results, "conv" + SUFFIX + ".svg")
    if bar_chart(path, "conv2d, 256 images, 3×3 valid, float, 1 thread: ms per call (median)",
                 [f"{key.replace('to', ' → ')}\n{op}" for key, op in groups],
                 [("vectorgrad kernels", [conv.get(("kernels", op, key)) for key, op in groups]),
                  ("vectorgrad autograd op", [conv.get(("autograd", op, key)) for key, op in groups]),
                  ("PyTorch", [conv.get(("pytorch", op, key)) for key, op in groups])],
                 ["#1f77b4", "#9ecae1", "#ff7f0e"], ylabel="ms per call (lower is better)"):
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(output)))
        lines += ["", f"![conv2d ms per call]({rel})"]
    return lines


def load_streams(results):
    """Returns {(impl, op, model, store, guarantee): (mean µs, p50 µs, p99 µs)} from the streams suite's JMH JSON
    (sample time: JMH's own mean and percentiles, no raw data)."""
    path = os.path.join(results, STREAMS_SUITE + SUFFIX + ".json")
    if not os.path.exists(path):
        return {}
    table = {}
    with open(path) as f:
        for entry in json.load(f):
            op, impl = entry["benchmark"].rsplit(".", 1)[1].split("_", 1)
            params = entry.get("params", {})
            metric = entry["primaryMetric"]
            pct = metric["scorePercentiles"]
            table[(impl, op, params["model"], params.get("store", ""), params.get("guarantee", ""))] = (
                metric["score"], pct["50.0"], pct["99.0"])
    return table


def state_bytes(model):
    """Bytes of one key's state for LSTM(hidden) (StateCodec: 32-byte header, 8 per block, h and c floats)."""
    hidden = int(model.split("x")[1])
    return 32 + 2 * 8 + 4 * 2 * hidden


def streams_section(streams):
    models = [m for m in ("16x64", "128x256") if ("bare", "step", m, "", "") in streams]
    rows = []
    for m in models:
        for store in ("rocksdb", "memory"):
            for guarantee in ("at_least_once", "exactly_once_v2"):
                rec = streams.get(("driver", "record", m, store, guarantee))
                direct = streams.get(("store", "record", m, store, guarantee))
                if rec is None or direct is None:
                    continue
                rows.append(f"| LSTM {m.replace('x', '→')} | {store} | {guarantee} | {1e6 / rec[0]:,.0f} | "
                            f"{rec[1]:.1f} | {rec[2]:.1f} | {direct[1]:.1f} | {direct[2]:.1f} | "
                            f"{state_bytes(m):,} |")
    overhead = []
    for m in models:
        bare = streams[("bare", "step", m, "", "")]
        codec = streams.get(("codec", "step", m, "", ""))
        for store in ("rocksdb", "memory"):
            direct = streams.get(("store", "record", m, store, "at_least_once"))
            if direct is None:
                continue
            share = (direct[1] - bare[1]) / bare[1]
            goal = "≤ 20 %" if m == "128x256" else "—"
            verdict = ("met" if share <= 0.2 else "MISSED") if m == "128x256" else ""
            overhead.append(f"| LSTM {m.replace('x', '→')} | {store} | {bare[1]:.2f} | "
                            f"{codec[1] - bare[1] if codec else float('nan'):.2f} | {direct[1]:.2f} | "
                            f"**{100 * share:.0f} %** | {goal} | {verdict} |")
    if not rows:
        return []
    return ["", "## Per-key inference in Kafka Streams (suite `streams`, issue 22)", "",
            "`vectorgrad-streams`' processor in Kafka Streams 4.4.0's `TopologyTestDriver`, one record per call on "
            "the benchmark thread (it plays one stream thread); no broker, so neither the network nor broker "
            "transactions are in these numbers (under `exactly_once_v2` the driver runs Streams' EOS path with a "
            "mock producer). The driver commits after every record (store flush, and under `exactly_once_v2` a "
            "transaction), where an application commits every `commit.interval.ms` (100 ms under "
            "`exactly_once_v2`, 30 s otherwise): the driver rows are an upper bound on the per-record cost, their "
            "tails mostly commits. Model: `LSTM(hidden)` over `input` features, then `Dense(1, sigmoid)`; 1,000 keys in "
            "turn, each with a state. *Record (driver)*: one `pipeInput`: serdes, the processor (store get, decode, "
            "step, encode, store put and its changelog record), the output record. *Store + codec + step*: the "
            "processor's per-record work called directly on the driver's store. Records/s per stream thread = "
            "1 / mean; p50 and p99 from JMH's sample-time histogram. State bytes per key from `StateCodec` "
            "(32 + 8 per block + 4 per float).", "",
            "| model | store | guarantee | records/s per thread | p50 µs | p99 µs | store + codec + step p50 µs | "
            "p99 µs | state B/key |",
            "|---|---|---|---|---|---|---|---|---|"] + rows + [
            "", "Overhead over a bare step (medians, `at_least_once`): *bare step* is one `StepModel` step of one "
            "state; *codec* the time the state's decode and encode add to it (`step_codec` - `step_bare`); *store + "
            "codec + step* as above. The share is (store + codec + step - bare step) / bare step.", "",
            "| model | store | bare step µs | codec µs | store + codec + step µs | store + codec share | goal | |",
            "|---|---|---|---|---|---|---|---|"] + overhead


QUANT_SIZES = ("256x128", "1024x512")
# The step's peers in the report's order: (key in the quant table, name); "pytorch-int8" is the fastest engine's.
QUANT_PEERS = [("pytorch-fp32", "PyTorch fp32"), ("pytorch-int8", "PyTorch int8"), ("onnxruntime", "ONNX Runtime fp32")]


def load_quant(results):
    """Returns ({(op, impl, shape or "cell size"): median µs}, the PyTorch peer's int8 notes or None) from the quant
    suite's JMH JSON and its PyTorch peer's JSON. Step keys carry our weight format as impl (fp32, bf16, int8), or the
    peer: onnxruntime, pytorch-fp32, pytorch-int8-ENGINE for each quantized engine measured, and pytorch-int8 for the
    fastest of them."""
    table = {}
    for impl, op, params, micros, _ in jmh_entries(results, QUANT_SUITE):
        if op == "step":
            who = params["format"].lower() if impl == "vectorgrad" else impl
            table[("step", who, params["cell"] + " " + params["size"])] = micros
        else:
            table[(op, impl, params["shape"])] = micros
    path = os.path.join(results, QUANT_SUITE + "-torch" + SUFFIX + ".json")
    notes = None
    if os.path.exists(path):
        with open(path) as f:
            data = json.load(f)
        notes = next((m["int8"] for m in data["meta"] if "int8" in m), None)
        for e in data["results"]:
            if e["op"] != "step":
                continue
            key = e["cell"] + " " + e["size"]
            if e["format"] == "fp32":
                table[("step", "pytorch-fp32", key)] = e["median_us"]
            else:
                table[("step", "pytorch-int8-" + e["engine"], key)] = e["median_us"]
                best = table.get(("step", "pytorch-int8", key))
                if best is None or e["median_us"] < best[0]:
                    table[("step", "pytorch-int8", key)] = (e["median_us"], e["engine"])
    return table, notes


def quant_get(quant, who, key):
    """The step's median µs (the fastest engine's for pytorch-int8), or None when not measured."""
    v = quant.get(("step", who, key))
    return v[0] if isinstance(v, tuple) else v


def quant_goals():
    """Issue 21's step goals: (hidden×input, label, ours, peer, "<=" or ">=", target), the ratio ours / peer in
    time for "<=" and peer / ours (a speedup of ours over our fp32) for ">="."""
    goals = []
    for size in QUANT_SIZES[:1]:
        goals += [(size, "our fp32 step / PyTorch fp32 step", "fp32", "pytorch-fp32", "<=", 0.4),
                  (size, "our int8 step / PyTorch fp32 step", "int8", "pytorch-fp32", "<=", 0.3),
                  (size, "our int8 step / PyTorch int8 step", "int8", "pytorch-int8", "<=", 0.5)]
    for size in QUANT_SIZES[1:]:
        goals += [(size, "our int8 speedup over our fp32 step", "int8", "fp32", ">=", 3.0),
                  (size, "our bf16 speedup over our fp32 step", "bf16", "fp32", ">=", 1.8)]
    return goals


def quant_step_lines(quant, notes):
    """The step tables: every engine's µs, ours against each peer, and the goals met or missed."""
    engines = sorted({k[1][len("pytorch-int8-"):] for k in quant if k[0] == "step" and k[1].startswith("pytorch-int8-")})
    keys = [cell + " " + size for cell in ("lstm", "gru") for size in QUANT_SIZES]
    label = lambda key: f"{key.split()[0].upper()} | {key.split()[1].replace('x', '×')}"
    us = lambda v: "not measured" if v is None else f"{v:,.1f}"
    cols = ([("fp32", "vectorgrad fp32"), ("bf16", "vectorgrad bf16"), ("int8", "vectorgrad int8"),
             ("pytorch-fp32", "PyTorch fp32")]
            + [("pytorch-int8-" + e, f"PyTorch int8 ({e})") for e in engines]
            + ([] if engines else [("pytorch-int8", "PyTorch int8")]) + [("onnxruntime", "ONNX Runtime fp32")])
    lines = ["", "Batch-1 step, hidden×input, the state carried from call to call, 1 thread, µs per step (median; ours and "
             "ONNX Runtime: of JMH iteration means; PyTorch: of single calls). Ours: `StepInference.of(layer, "
             "WeightFormat)`. PyTorch (`bench/torch_peer.py quant`): the `nn.LSTM`/`nn.GRU` layer called on "
             "`[1, 1, input]` under `torch.no_grad()`, `torch.set_num_threads(1)`; int8 is "
             "`torch.ao.quantization.quantize_dynamic(model, {nn.LSTM, nn.GRU}, dtype=torch.qint8)` (int8 weights, "
             "activations quantised at each call), checked to have become `torch.ao.nn.quantized.dynamic`'s module. "
             "ONNX Runtime Java 1.22: the same layer `torch.onnx.export`-ed (opset 17), 1 intra-op and 1 inter-op "
             "thread, its state outputs pinned to the next call's inputs; the JMH setup checks its outputs over 4 "
             "steps against PyTorch's within 1e-5 before timing it."]
    if notes is not None:
        words = []
        if notes.get("missing"):
            words.append(f"This PyTorch build has no {', '.join(notes['missing'])} engine (issue 21 names fbgemm; "
                         f"`torch.backends.quantized.supported_engines` is {notes['supported_engines']}), so int8 ran "
                         f"on {', '.join(notes['engines']) or 'no engine'}")
        else:
            words.append(f"int8 ran on {', '.join(notes['engines'])}")
        words[-1] += "; the goals compare against the fastest engine at each shape."
        for key, why in notes.get("not_quantised", {}).items():
            words.append(f"Not quantised, so not measured: {key} ({why}).")
        diffs = notes.get("max_abs_diff_from_fp32", {})
        if diffs:
            words.append("PyTorch's int8 outputs differ from its fp32 ones over the 4-step check input by at most "
                         + ", ".join(f"{v:.1e} ({k})" for k, v in diffs.items()) + ".")
        lines += ["", " ".join(words)]
    else:
        lines += ["", "The PyTorch peer's results (`quant-torch" + SUFFIX + ".json`) are absent: PyTorch not measured."]
    rows = []
    for key in keys:
        if all(quant_get(quant, who, key) is None for who, _ in cols):
            continue
        rows.append(f"| {label(key)} | " + " | ".join(us(quant_get(quant, who, key)) for who, _ in cols) + " |")
    if rows:
        lines += ["", "| cell | hidden×input | " + " | ".join(name for _, name in cols) + " |",
                  "|" + "---|" * (len(cols) + 2)] + rows
    rows = []
    for key in keys:
        for fmt_ in ("fp32", "bf16", "int8"):
            ours = quant_get(quant, fmt_, key)
            if ours is None:
                continue
            cells = []
            for who, _ in QUANT_PEERS:
                r = ratio(ours, quant_get(quant, who, key))
                best = quant.get(("step", who, key))
                engine = f" ({best[1]})" if isinstance(best, tuple) else ""
                cells.append("not measured" if r is None else f"{r:.3f}×{engine}")
            speed = ratio(quant_get(quant, "fp32", key), ours)
            rows.append(f"| {label(key)} | {fmt_} | {ours:,.1f} | " + " | ".join(cells)
                        + f" | {fmt(speed, 2)}× |")
    if rows:
        lines += ["", "Ours against each peer, as time ratios (ours / peer: below 1 is faster); PyTorch int8 is the "
                  "fastest engine's step. The last column is our fp32 step / this one (the speedup of the format).", "",
                  "| cell | hidden×input | format | vectorgrad µs | / PyTorch fp32 | / PyTorch int8 | "
                  "/ ONNX Runtime fp32 | speedup over our fp32 |", "|---|---|---|---|---|---|---|---|"] + rows
    rows = []
    for size, what, ours, peer, sense, target in quant_goals():
        for cell in ("lstm", "gru"):
            key = cell + " " + size
            a, b = quant_get(quant, ours, key), quant_get(quant, peer, key)
            r = ratio(a, b) if sense == "<=" else ratio(b, a)
            verdict = "not measured" if r is None else "met" if (r <= target if sense == "<=" else r >= target) \
                else "MISSED"
            best = quant.get(("step", peer, key))
            engine = f" ({best[1]})" if isinstance(best, tuple) else ""
            rows.append(f"| {size.replace('x', '×')} | {cell.upper()} | {what}{engine} | "
                        f"{'≤' if sense == '<=' else '≥'} {target:g}× | {'—' if r is None else f'{r:.3f}×'} | "
                        f"{verdict} |")
    lines += ["", "Issue 21's goals for the batch-1 step (\"not measured\" where a result file of this run is absent).",
              "", "| hidden×input | cell | case | goal | measured | |", "|---|---|---|---|---|---|"] + rows
    return lines


def quant_section(quant, notes, results, output):
    """The quantised GEMV, packed GEMM and step tables (µs, speedup over fp32), the step against its peers with the
    goals, and a step chart."""
    def row(op, key, extra=()):
        fp32 = quant.get((op, "fp32", key))
        cells = []
        for impl in ("bf16", "int8") + tuple(extra):
            v = quant.get((op, impl, key))
            cells.append("—" if v is None else f"{v:,.1f}" + ("" if fp32 is None else f" ({fp32 / v:.2f}×)"))
        return fp32, cells

    lines = ["", "## Quantised weights (suite `quant`, issue 21)", "",
             "Weights in bf16 (round to nearest even) or int8 (one scale per output row), widened to float in registers "
             "and multiplied with FMA; float activations and sums; 1 thread. Medians in µs, with the speedup over fp32 "
             "in parentheses. `bf16 widen` is the obvious bf16 kernel (row-major shorts widened to ints and shifted) "
             "against which the pair layout of `Bf16Matrix` (one AND or one shift per vector, no widening) is measured.",
             ]
    for op, shapes, extra, header in (
            ("gemv", ("1024x384", "4096x1536"), ("bf16_widen",), "| GEMV W·x, m×n | fp32 | bf16 | int8 | bf16 widen |"),
            ("gemm", ("8x1024x384", "8x4096x1536"), (), "| packed GEMM X·Wᵀ, m×n×k | fp32 | bf16 | int8 |")):
        rows = []
        for shape in shapes:
            fp32, cells = row(op, shape, extra)
            if fp32 is not None:
                rows.append(f"| {shape.replace('x', '×')} | {fp32:,.1f} | " + " | ".join(cells) + " |")
        if rows:
            lines += ["", header, "|" + "---|" * (header.count("|") - 1)]
            lines += rows
    lines += quant_step_lines(quant, notes)
    groups = [cell + " " + size for cell in ("lstm", "gru") for size in QUANT_SIZES]
    groups = [g for g in groups if any(k[0] == "step" and k[2] == g for k in quant)]
    written = []
    path = os.path.join(results, "quant-step" + SUFFIX + ".svg")
    series = [("vectorgrad fp32", "fp32"), ("vectorgrad bf16", "bf16"), ("vectorgrad int8", "int8"),
              ("PyTorch fp32", "pytorch-fp32"), ("PyTorch int8, fastest", "pytorch-int8"),
              ("ONNX Runtime fp32", "onnxruntime")]
    if groups and bar_chart(path, "Batch-1 step by weight format, 1 thread: µs per step (median, log scale)",
                            [g.replace(" ", "\n").upper().replace("X", "×") for g in groups],
                            [(name, [quant_get(quant, who, g) for g in groups]) for name, who in series],
                            ["#1f77b4", "#9ecae1", "#2ca02c", "#ff7f0e", "#fdae6b", "#d62728"], log=True,
                            ylabel="µs per step (lower is better)"):
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(output)))
        lines += ["", f"![batch-1 step by weight format against PyTorch and ONNX Runtime]({rel})"]
        written.append(path)
    return lines, written


SPARK_SUITE = "spark"


def load_spark(results):
    """Returns {(op, impl, batch or perPartition): median µs} from the spark suite's JMH JSON."""
    table = {}
    for impl, op, params, micros, _ in jmh_entries(results, SPARK_SUITE):
        table[(op, impl, int(params.get("batch", params.get("perPartition", "0"))))] = micros
    return table


def spark_section(spark):
    lines = ["", "## Spark: scoring and data-parallel training in `local[2]` (suite `spark`, issue 23)", "",
             "The tutorials' forecaster (`SimpleRNN(50, relu, return_sequences)`, `SimpleRNN(50, relu)`, `Dense(1)`, "
             "adam, mse) on windows of 24 values, Spark 4.2.0 in `local[2]` on this machine's 2 cores against one JVM "
             "thread. Scoring: 4096 windows per call, `SequenceScorer` (2 tasks) against `predict`. Medians."]
    rows = []
    for batch in (1, 32):
        sp, jv = spark.get(("score", "spark", batch)), spark.get(("score", "jvm", batch))
        if sp is None or jv is None:
            continue
        rows.append(f"| {batch} | {fmt(1e6 / sp / 2, 0)} | {fmt(1e6 / sp, 0)} | {fmt(1e6 / jv, 0)} | "
                    f"{fmt(jv / sp, 2)} |")
    if rows:
        lines += ["", "| batch | Spark, rows/s per core | Spark, rows/s (2 cores) | one JVM thread, rows/s | "
                  "Spark / one thread |", "|---|---|---|---|---|"] + rows
    rows = []
    for b in sorted({k[2] for k in spark if k[0] in ("step", "shard")}):
        sp, sh, jv = spark.get(("step", "spark", b)), spark.get(("shard", "jvm", b)), spark.get(("step", "jvm", b))
        if sp is None or sh is None or jv is None:
            continue
        rows.append(f"| 2 x {b} | {fmt(sp / 1e3, 1)} | {fmt(sh / 1e3, 1)} | {fmt(max(0.0, sp - sh) / 1e3, 1)} | "
                    f"{fmt(jv / 1e3, 1)} | {fmt(jv / sp, 2)} |")
    if rows:
        lines += ["", "A synchronous training step (global batch 2 x b rows): Spark's step (from a 20-step fit), the "
                  "compute inside one task (`computeGradients` on b rows, one thread), Spark's share (the difference), "
                  "and `trainOnBatch` of the whole global batch in one JVM thread. ms per step.", "",
                  "| global batch | Spark step | one task's compute | Spark overhead | one JVM thread | "
                  "one thread / Spark |", "|---|---|---|---|---|---|"] + rows
    rows = []
    for b in sorted({k[2] for k in spark if k[0] == "toLoss"}):
        sp, jv = spark.get(("toLoss", "spark", b)), spark.get(("toLoss", "jvm", b))
        if sp is None or jv is None:
            continue
        rows.append(f"| 2 x {b} | {fmt(sp / 1e6, 2)} | {fmt(jv / 1e6, 2)} | {fmt(jv / sp, 2)} |")
    if rows:
        lines += ["", "Time from fresh weights to a training-set loss below 0.01 (checked every 10 steps; the same "
                  "global batch size), seconds per run.", "",
                  "| global batch | Spark | one JVM thread | one thread / Spark |", "|---|---|---|---|"] + rows
    return lines


def main():
    global SUFFIX
    args = [a for a in sys.argv[1:] if a != "--quick"]
    SUFFIX = "-quick" if "--quick" in sys.argv[1:] else ""
    results, output = args[0], args[1]
    table = load(results)
    rnn = load_rnn(results)
    serving = load_serving(results)
    layers = load_layers(results)
    conv = load_conv(results)
    imported = load_import(results)
    streams = load_streams(results)
    quant, quant_notes = load_quant(results)
    spark = load_spark(results)
    aligned = load_alignment(results)
    warmup_data, warmup = load_warmup(results)
    if not table and not rnn and not serving and not layers and not conv and not imported and not streams \
            and not quant and not spark and not aligned and not warmup:
        sys.exit(f"report.py: no{' quick' if SUFFIX else ' full-suite'} results in {results}; "
                 f"run bench/run all{' --quick' if SUFFIX else ''} first")
    peak_gflops, peak_text = peak(results)
    meta = []
    for suite in SUITES + RNN_SUITES + [LAYERS_SUITE, SERVING_SUITE, CONV_SUITE, IMPORT_SUITE, WARMUP_SUITE,
                                        STREAMS_SUITE, ALIGNMENT_SUITE, QUANT_SUITE, SPARK_SUITE]:
        path = os.path.join(results, suite + SUFFIX + ".env")
        if os.path.exists(path):
            meta.append(f"Suite `{suite}`: " + "; ".join(open(path).read().strip().splitlines()))
    gemm_chart = os.path.join(results, "gemm-gflops" + SUFFIX + ".svg")
    has_chart = chart(table, gemm_chart)
    acts = sorted((k, v) for k, v in table.items() if k[1] in ("tanh", "sigmoid"))
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run report` from the JMH JSON in `bench/results/` (written by `bench/run all`).",
        "Every peer ran in the same JMH invocation as ours; scores are medians over all measurement",
        "iterations of all forks. Do not edit by hand.",
    ]
    if SUFFIX:
        lines += ["", "**Quick results** (`--quick`: one fork, short iterations): for checking the bench, not for the record."]
    lines += [
        "",
        "## Machine",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores",
    ]
    if peak_gflops is not None:
        lines.append(f"- FMA peak, one core: **{fmt(peak_gflops)} GFLOP/s** float, measured by `bench/peak/fma_peak.c` "
                     f"in the same run (independent FMA chains at the widest vector width; `{peak_text}`). % of peak "
                     "below divides by this times the thread count, and by half of it for double.")
    lines += [f"- {l}" for l in meta]
    if table:
        lines += ["", "## Targets", "", "| case | against | target | measured | |", "|---|---|---|---|---|"]
        lines += target_rows(table)
        lines += ["", "## GEMM and GEMV", "",
                  "GFLOP/s (2·m·n·k for GEMM, 2·m·n for GEMV); the ratio is ours / OpenBLAS at the same thread count.",
                  "", "| op | m×n×k | trans | threads | vectorgrad | % peak | OpenBLAS | % peak | ratio | scalar | naive |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        lines += gemm_rows(table, peak_gflops)
    packed = packed_rows(table, peak_gflops)
    if packed:
        lines += ["", "## GEMM by packed weights (RNN step)", "",
                  "C = X · Wᵀ with W stored n×k (PyTorch's layout), GFLOP/s: ours with W packed once (`pack`, then "
                  "`gemm` by the packed matrix), ours on W as stored (packs W at every call; m = 1 is a GEMV), ours on a "
                  "transposed copy of W (read in place), and OpenBLAS on W as stored. The ratio is packed / OpenBLAS.",
                  "", "| m×n×k | threads | packed | % peak | unpacked (NT) | transposed copy (NN) | OpenBLAS (NT) | ratio |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += packed
    if has_chart:
        rel = os.path.relpath(gemm_chart, os.path.dirname(os.path.abspath(output)))
        lines += ["", f"![float GEMM GFLOP/s against n]({rel})"]
    if acts:
        lines += ["", "## Activations", "", "Elements per nanosecond over 2^20 floats in [-8, 8].", "",
                  "| op | impl | elem/ns |", "|---|---|---|"]
        lines += [f"| {op} | {impl} | {score:.3f} |" for (impl, op, _, _, _), (score, _) in acts]
        # Issue 21's goal: >= 3 elements/ns on AVX-512, >= 1.5 on AVX2 (this machine's flags decide which).
        wide = " avx512f" in open("/proc/cpuinfo").read()
        goal = 3.0 if wide else 1.5
        lines += ["", f"Issue 21's goal on this CPU ({'AVX-512' if wide else 'AVX2'}): ≥ {goal:g} elements/ns.", "",
                  "| op | elem/ns | goal | |", "|---|---|---|---|"]
        lines += [f"| {op} | {score:.3f} | ≥ {goal:g} | {'met' if score >= goal else '**missed**'} |"
                  for (impl, op, _, _, _), (score, _) in acts if impl == "vectorgrad"]
    charts = []
    if rnn:
        rnn_lines, charts = rnn_sections(rnn, results, output)
        lines += rnn_lines
    if layers:
        lines += layers_section(layers)
    if serving:
        lines += serving_section(serving)
    if conv:
        lines += conv_section(conv, results, output)
    if imported:
        lines += import_section(imported)
    if warmup:
        warmup_lines = warmup_section(warmup_data, warmup, results, output)
        lines += warmup_lines
        if any(l.startswith("![") for l in warmup_lines):
            charts.append(os.path.join(results, "warmup" + SUFFIX + ".svg"))
    if streams:
        lines += streams_section(streams)
    lines += alignment_section(aligned)
    if quant:
        quant_lines, quant_charts = quant_section(quant, quant_notes, results, output)
        lines += quant_lines
        charts += quant_charts
    if spark:
        lines += spark_section(spark)
    with open(output, "w") as f:
        f.write("\n".join(lines) + "\n")
    written = ([gemm_chart] if has_chart else []) + charts
    print(f"wrote {output}" + ("".join(f" and {p}" for p in written)))


if __name__ == "__main__":
    main()
