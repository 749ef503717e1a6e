#!/usr/bin/python3
"""The PyTorch peer of the `cells`, `train`, `serving`, `conv` and `quant` suites: the same shapes as the JMH benchmarks.

Usage: torch_peer.py SUITE [--quick] [--out DIR]     (bench/run calls it with Debian's /usr/bin/python3)
       torch_peer.py serving --export [--out DIR]    (bench/run calls it before the serving suite's JMH run)
       torch_peer.py import --export [--out DIR]     (bench/run calls it before the import suite's JMH run)
       torch_peer.py quant --export [--out DIR]      (bench/run calls it before the quant suite's JMH run)

Input 128, hidden 256, float32, CPU:
  cells: nn.RNNCell (tanh) / nn.LSTMCell / nn.GRUCell, one step at batch 1 and 32, the state carried
         from call to call (as CellStepBench does); 1 thread.
  train: nn.LSTM / nn.GRU over [64 steps, 32 batch, 128] from a zero state: forward, and a
         training step (forward, MSE against fixed targets, backward, Adam(lr=1e-3) step, zero_grad);
         1 and 2 threads.
  serving (issue 18): a whole model, nn.Embedding(100, 64) -> nn.LSTM(64, 256) -> nn.Linear(256, 100) ->
         softmax, one token per call at batch 1, the state carried from call to call; 1 thread. --export
         writes the model's weights (DIR/serving-model.safetensors, PyTorch's names), the same one-step
         module as ONNX (DIR/serving-model.onnx, torch.onnx.export: inputs id [1] int64, h and c
         [1, 1, 256]; outputs probs [1, 100], h_out, c_out) and PyTorch's probabilities over the first
         SERVING_CHECK tokens (DIR/serving-reference.json), which the JMH run checks vectorgrad's and
         ONNX Runtime's against before it measures them. The token sequence is (37 k + 11) mod 100 in
         every peer.
  import (issue 20), export only: one nn.LSTM(128, 256) and one nn.GRU(128, 256) layer (seeded), each
         torch.onnx.export-ed (opset 17) as DIR/import-CELL.onnx with inputs x [time, batch, 128], h0 (and c0)
         [1, batch, 256] and outputs y [time, batch, 256], h (and c), time and batch dynamic; PyTorch's outputs
         for a 4-step batch-1 input and a 5-step batch-3 input (DIR/import-reference.json), which the JMH
         run checks vectorgrad's and ONNX Runtime's against; and the first step's input as raw little-endian
         float32 (DIR/import-first-input.bin), which the launch benchmark's child JVMs read; and each layer's
         weights under PyTorch's names (DIR/import-CELL.safetensors), which the warm-up suite's vectorgrad
         children load (bench/run warmup exports with "import").
  conv (issue 19): torch.nn.functional.conv2d at the image-sequence demo's shapes, 256 images (32 sequences
         of 8 frames), 3x3 kernels, stride 1, no padding, with a bias, in PyTorch's NCHW layout:
         28x28x1 -> 32 filters and 13x13x32 -> 64 filters; forward (under no_grad), and train: forward
         then y.backward(dy) for a fixed dy (the backward of the fixed-weights sum (y * dy).sum(), without
         timing that sum) with input, weight and bias requiring gradients, set to None after each call;
         1 thread. Scores in ms per call (op=forward / train, conv=HxWxCtoF batch=256), as ConvBench's.
         Also the demo model's training step (bench/torch_fashion_sequences.py's Model, Adam(1e-3),
         cross-entropy) on 32 sequences of 8 frames, in frames per second (op=trainStep model=fashion), as
         ConvModelBench's.
  quant (issue 21), at hidden x input 256x128 and 1024x512: one nn.LSTM / nn.GRU layer (seeded per cell and shape),
         one step at batch 1 ([1, 1, input]), the state carried from call to call; 1 thread. fp32, and int8 by
         torch.ao.quantization.quantize_dynamic(model, {nn.LSTM, nn.GRU}, dtype=torch.qint8) on every quantized
         engine this build has among fbgemm, onednn and qnnpack (Debian's 1.13 has no fbgemm: its x86 engine is
         onednn), each checked to have become torch.ao.nn.quantized.dynamic's LSTM/GRU (quantize_dynamic swaps
         children only, so the layer sits inside a wrapper module); a layer it leaves as it is gets no int8 entry
         and its reason is kept in the JSON. --export writes each layer torch.onnx.export-ed (opset 17) as
         DIR/quant-CELL-HIDDENxINPUT.onnx with inputs x [1, 1, input], h0 (and c0) [1, 1, hidden] and outputs y, h
         (and c), and PyTorch's outputs for a 4-step batch-1 input (DIR/quant-reference.json), which the JMH run
         checks ONNX Runtime's against before timing it.
Inference (steps, forward) runs inside one torch.no_grad() held over the whole measurement. Both suites
also time the Python call overhead, reported separately: a tensor op on one-element
tensors (torch.add), an nn.Module call (nn.Identity), and (cells) each cell's step at input 1,
hidden 1, batch 1, which is all overhead and no arithmetic.

Each thread count runs in its own child process, started with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS
and MKL_NUM_THREADS set to it and torch.set_num_threads(it); at 2 threads also OMP_WAIT_POLICY=PASSIVE
(with libgomp's default spinning, two threads on this 2-core machine collapse). Every call is timed
on its own (time.perf_counter_ns) after a warm-up, Python's gc disabled while measuring; the score
is the median call (best, quartiles and the sample count are kept in the JSON).

Output: one line per result in the bench's format,
  impl=pytorch op=step cell=lstm batch=1 steps=1 threads=1 score=250.1 unit=us/step
appended to DIR/SUITE.txt (after the JMH lines), and DIR/SUITE-torch.json, which report.py merges
into the same tables. With --quick the names end in -quick, as the JMH results' do.
"""
import json
import os
import subprocess
import sys
import time

INPUT, HIDDEN = 128, 256
BATCH, STEPS = 32, 64
THREADS = {"cells": [1], "train": [1, 2], "serving": [1], "conv": [1], "quant": [1]}
# The quant suite's (hidden, input), as QuantStepBench's size parameter HIDDENxINPUT
QUANT_SHAPES = [(256, 128), (1024, 512)]
# Quantized engines in order of preference: fbgemm is the one issue 21 names; onednn is the x86 engine of builds
# without it; qnnpack the mobile one.
QUANT_ENGINES = ["fbgemm", "onednn", "qnnpack"]
QUANT_CHECK_STEPS = 4
CONV_BATCH = 256
# (height, width, channels, filters), as ConvBench's conv parameter HxWxCtoF
CONV_SHAPES = [(28, 28, 1, 32), (13, 13, 32, 64)]
MODEL_BATCH, MODEL_FRAMES = 32, 8
VOCAB, EMBED, UNITS = 100, 64, 256
SERVING_CHECK = 8
# (warm-up seconds, measuring seconds, minimum samples, maximum samples)
FULL = (2.0, 5.0, 20, 20000)
QUICK = (0.3, 1.0, 5, 2000)


def measure(fn, budget):
    """Times fn() call by call; returns per-call microseconds."""
    import gc
    warm, seconds, min_n, max_n = budget
    end = time.perf_counter() + warm
    while time.perf_counter() < end:
        fn()
    gc.collect()
    gc.disable()
    try:
        samples = []
        clock = time.perf_counter_ns
        end = time.perf_counter() + seconds
        while len(samples) < max_n and (len(samples) < min_n or time.perf_counter() < end):
            t0 = clock()
            fn()
            samples.append((clock() - t0) / 1e3)
    finally:
        gc.enable()
    return samples


def summary(samples):
    s = sorted(samples)
    q = lambda p: s[min(len(s) - 1, int(p * (len(s) - 1) + 0.5))]
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"median_us": median, "best_us": s[0], "p25_us": q(0.25), "p75_us": q(0.75), "samples": n}


def entry(op, threads, samples, unit, cell=None, batch=None, steps=None, **extra):
    e = {"impl": "pytorch", "op": op, "threads": threads, "unit": unit}
    if cell is not None:
        e.update(cell=cell, batch=batch, steps=steps)
    elif batch is not None:
        e.update(batch=batch)
    e.update(extra)
    e.update(summary(samples))
    median = e["median_us"]
    e["score"] = batch * steps / (median * 1e-6) if unit == "tokens/s" else median / 1e3 if unit == "ms" else median
    return e


def make_cell(torch, cell, inp, hidden):
    nn = torch.nn
    if cell == "rnn":
        return nn.RNNCell(inp, hidden, nonlinearity="tanh")
    if cell == "lstm":
        return nn.LSTMCell(inp, hidden)
    return nn.GRUCell(inp, hidden)


def step_fn(torch, cell, batch, inp, hidden):
    """A closure running one step of `cell`, carrying its state (call it under no_grad)."""
    m = make_cell(torch, cell, inp, hidden)
    x = torch.randn(batch, inp)
    state = [torch.zeros(batch, hidden), torch.zeros(batch, hidden)]
    if cell == "lstm":
        def fn():
            state[0], state[1] = m(x, (state[0], state[1]))
    else:
        def fn():
            state[0] = m(x, state[0])
    return fn


def serving_module(torch):
    """The serving model (seeded, so --export and the timing worker build the same weights) as one step:
    (id [1] int64, h, c [1, 1, UNITS]) -> (probs [1, VOCAB], h, c)."""
    nn = torch.nn
    torch.manual_seed(18)

    class Step(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(VOCAB, EMBED)
            self.lstm = nn.LSTM(EMBED, UNITS)
            self.linear = nn.Linear(UNITS, VOCAB)

        def forward(self, token, h, c):
            x = self.embedding(token).unsqueeze(0)  # [1 step, 1 batch, EMBED]
            out, (h, c) = self.lstm(x, (h, c))
            return torch.softmax(self.linear(out[0]), dim=-1), h, c

    return Step().eval()


def serving_token(k):
    return (37 * k + 11) % VOCAB


def write_safetensors(path, tensors):
    """The safetensors format by hand (8-byte little-endian header length, JSON header, raw little-endian
    float32 data), so no package beyond torch is needed."""
    import array
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = array.array("f", t.detach().contiguous().flatten().tolist())
        if sys.byteorder != "little":
            data.byteswap()
        raw = data.tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def export_serving(out):
    import torch
    torch.set_num_threads(1)
    step = serving_module(torch)
    os.makedirs(out, exist_ok=True)
    write_safetensors(os.path.join(out, "serving-model.safetensors"), dict(step.state_dict()))
    h = torch.zeros(1, 1, UNITS)
    c = torch.zeros(1, 1, UNITS)
    onnx_path = os.path.join(out, "serving-model.onnx")
    torch.onnx.export(step, (torch.tensor([serving_token(0)]), h, c), onnx_path,
                      input_names=["id", "h", "c"], output_names=["probs", "h_out", "c_out"], opset_version=17)
    probs = []
    with torch.no_grad():
        for k in range(SERVING_CHECK):
            p, h, c = step(torch.tensor([serving_token(k)]), h, c)
            probs.append([float(v) for v in p[0]])
    with open(os.path.join(out, "serving-reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "tokens": [serving_token(k) for k in range(SERVING_CHECK)],
                   "probs": probs}, f)
        f.write("\n")
    print(f"torch_peer: wrote {onnx_path}, serving-model.safetensors and serving-reference.json")


def import_module(torch, cell):
    """The import suite's layer (seeded per cell) as a module whose inputs and outputs are plain tensors, so the
    exported graph names them: (x, h0[, c0]) -> (y, h[, c])."""
    nn = torch.nn
    torch.manual_seed(20 if cell == "lstm" else 21)

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(INPUT, HIDDEN)

        def forward(self, x, h0, c0=None):
            if c0 is None:
                y, h = self.rnn(x, h0)
                return y, h
            y, (h, c) = self.rnn(x, (h0, c0))
            return y, h, c

    return Layer().eval()


def export_import(out):
    import torch
    torch.set_num_threads(1)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(2020)
    step_x = torch.randn(4, 1, INPUT)
    seq_x = torch.randn(5, 3, INPUT)
    reference = {"torch": torch.__version__}
    for cell in ("lstm", "gru"):
        layer = import_module(torch, cell)
        states = 2 if cell == "lstm" else 1
        names = ["x", "h0", "c0"][:1 + states]
        outputs = ["y", "h", "c"][:1 + states]
        dynamic = {"x": {0: "time", 1: "batch"}, "y": {0: "time", 1: "batch"}}
        dynamic.update({n: {1: "batch"} for n in names[1:] + outputs[1:]})
        zeros = [torch.zeros(1, 1, HIDDEN) for _ in range(states)]
        path = os.path.join(out, f"import-{cell}.onnx")
        torch.onnx.export(layer, (step_x[:1], *zeros), path, input_names=names, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=17)
        with torch.no_grad():
            step_y = layer(step_x, *zeros)[0]
            seq_y = layer(seq_x, *[torch.zeros(1, 3, HIDDEN) for _ in range(states)])[0]
        reference[cell] = {"step_x": step_x.flatten().tolist(), "step_y": step_y.flatten().tolist(),
                           "seq_x": seq_x.flatten().tolist(), "seq_y": seq_y.flatten().tolist()}
        # The same weights under PyTorch's names, for the warm-up suite's vectorgrad children.
        write_safetensors(os.path.join(out, f"import-{cell}.safetensors"), dict(layer.rnn.state_dict()))
        print(f"torch_peer: wrote {path} and import-{cell}.safetensors")
    with open(os.path.join(out, "import-reference.json"), "w") as f:
        json.dump(reference, f)
        f.write("\n")
    first = step_x[0, 0].contiguous().numpy().astype("<f4")
    with open(os.path.join(out, "import-first-input.bin"), "wb") as f:
        f.write(first.tobytes())
    print("torch_peer: wrote import-reference.json and import-first-input.bin")


def quant_module(torch, cell, hidden, inp):
    """The quant suite's layer (seeded per cell and shape, so --export and the timing worker build the same weights)
    inside a wrapper, (x, h0[, c0]) -> (y, h[, c]): quantize_dynamic swaps a model's children, never the model itself."""
    nn = torch.nn
    torch.manual_seed((21 if cell == "lstm" else 22) * 10000 + hidden)

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(inp, hidden)

        def forward(self, x, h0, c0=None):
            if c0 is None:
                y, h = self.rnn(x, h0)
                return y, h
            y, (h, c) = self.rnn(x, (h0, c0))
            return y, h, c

    return Layer().eval()


def quant_name(cell, hidden, inp):
    return f"quant-{cell}-{hidden}x{inp}"


def quant_check_input(torch, inp):
    """The fixed 4-step batch-1 input whose outputs the export writes and the int8 error is measured on."""
    g = torch.Generator().manual_seed(2121)
    return torch.randn(QUANT_CHECK_STEPS, 1, inp, generator=g)


def export_quant(out):
    import torch
    torch.set_num_threads(1)
    os.makedirs(out, exist_ok=True)
    reference = {"torch": torch.__version__}
    for cell in ("lstm", "gru"):
        for hidden, inp in QUANT_SHAPES:
            layer = quant_module(torch, cell, hidden, inp)
            states = 2 if cell == "lstm" else 1
            names = ["x", "h0", "c0"][:1 + states]
            outputs = ["y", "h", "c"][:1 + states]
            zeros = [torch.zeros(1, 1, hidden) for _ in range(states)]
            x = quant_check_input(torch, inp)
            path = os.path.join(out, quant_name(cell, hidden, inp) + ".onnx")
            torch.onnx.export(layer, (x[:1], *zeros), path, input_names=names, output_names=outputs,
                              opset_version=17)
            with torch.no_grad():
                y = layer(x, *zeros)[0]
            reference[f"{cell} {hidden}x{inp}"] = {"step_x": x.flatten().tolist(), "step_y": y.flatten().tolist()}
            print(f"torch_peer: wrote {path}")
    with open(os.path.join(out, "quant-reference.json"), "w") as f:
        json.dump(reference, f)
        f.write("\n")
    print("torch_peer: wrote quant-reference.json")


def quant_step_fn(torch, layer, cell, hidden, inp):
    """A closure running one batch-1 step of `layer`, carrying its state (call it under no_grad)."""
    x = torch.rand(1, 1, inp) * 2 - 1
    state = [torch.zeros(1, 1, hidden) for _ in range(2 if cell == "lstm" else 1)]

    def fn():
        state[:] = layer(x, *state)[1:]
    return fn


def quant_worker(torch, threads, budget):
    """fp32 and dynamic-int8 steps on every quantized engine present; returns (results, what int8 ran on)."""
    import copy
    nn = torch.nn
    quantized = torch.ao.nn.quantized.dynamic
    supported = list(torch.backends.quantized.supported_engines)
    engines = [e for e in QUANT_ENGINES if e in supported]
    int8 = {"supported_engines": supported, "engines": engines,
            "missing": [e for e in QUANT_ENGINES if e not in supported], "modules": {}, "not_quantised": {},
            "max_abs_diff_from_fp32": {}}
    results = []
    for cell in ("lstm", "gru"):
        for hidden, inp in QUANT_SHAPES:
            size = f"{hidden}x{inp}"
            layer = quant_module(torch, cell, hidden, inp)
            samples = measure(quant_step_fn(torch, layer, cell, hidden, inp), budget)
            results.append(entry("step", threads, samples, "us/step", cell, 1, 1, size=size, format="fp32"))
            check_x = quant_check_input(torch, inp)
            zeros = [torch.zeros(1, 1, hidden) for _ in range(2 if cell == "lstm" else 1)]
            with torch.no_grad():
                fp32_y = layer(check_x, *zeros)[0]
            for engine in engines:
                torch.backends.quantized.engine = engine
                q = torch.ao.quantization.quantize_dynamic(copy.deepcopy(layer), {nn.LSTM, nn.GRU}, dtype=torch.qint8)
                key = f"{engine} {cell} {size}"
                expected = quantized.LSTM if cell == "lstm" else quantized.GRU
                kind = type(q.rnn)
                int8["modules"][key] = f"{kind.__module__}.{kind.__name__}"
                if not isinstance(q.rnn, expected):
                    int8["not_quantised"][key] = (f"quantize_dynamic left the layer a {kind.__module__}."
                                                  f"{kind.__name__}, expected {expected.__module__}.{expected.__name__}")
                    continue
                with torch.no_grad():
                    diff = (q(check_x, *zeros)[0] - fp32_y).abs().max().item()
                int8["max_abs_diff_from_fp32"][key] = diff
                samples = measure(quant_step_fn(torch, q, cell, hidden, inp), budget)
                results.append(entry("step", threads, samples, "us/step", cell, 1, 1, size=size, format="int8",
                                     engine=engine))
    return results, int8


def serving_fn(torch):
    """A closure running one step of the serving model, carrying its state and cycling through the tokens."""
    step = serving_module(torch)
    tokens = [torch.tensor([serving_token(k)]) for k in range(1024)]
    state = [torch.zeros(1, 1, UNITS), torch.zeros(1, 1, UNITS), 0]

    def fn():
        k = state[2]
        _, state[0], state[1] = step(tokens[k], state[0], state[1])
        state[2] = (k + 1) % len(tokens)
    return fn


def overhead(torch, threads, budget):
    a, b = torch.ones(1), torch.ones(1)
    ident = torch.nn.Identity()

    def op():
        torch.add(a, b)

    def module():
        ident(a)

    return [entry("overhead", threads, measure(op, budget), "us", kind="tensor_op"),
            entry("overhead", threads, measure(module, budget), "us", kind="module_call")]


def worker(suite, threads, quick):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    budget = QUICK if quick else FULL
    results = overhead(torch, threads, budget)
    if suite == "conv":
        F = torch.nn.functional
        for h, w, c, f in CONV_SHAPES:
            name = f"{h}x{w}x{c}to{f}"
            x = (torch.rand(CONV_BATCH, c, h, w) * 2 - 1).requires_grad_(True)
            bound = 1 / (9 * c) ** 0.5
            weight = ((torch.rand(f, c, 3, 3) * 2 - 1) * bound).requires_grad_(True)
            bias = ((torch.rand(f) * 2 - 1) * bound).requires_grad_(True)
            dy = torch.rand(CONV_BATCH, f, h - 2, w - 2) * 2 - 1

            def forward():
                F.conv2d(x, weight, bias)

            def train():
                F.conv2d(x, weight, bias).backward(dy)
                x.grad = None
                weight.grad = None
                bias.grad = None

            with torch.no_grad():
                samples = measure(forward, budget)
            results.append(entry("forward", threads, samples, "ms", conv=name, batch=CONV_BATCH))
            results.append(entry("train", threads, measure(train, budget), "ms", conv=name, batch=CONV_BATCH))
        # The image-sequence demo's model (bench/torch_fashion_sequences.py), one training step as ConvModelBench's:
        # 32 sequences of 8 uniform 28x28 frames, random labels, cross-entropy, backward, Adam(1e-3).
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from torch_fashion_sequences import Model
        model = Model()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = torch.nn.CrossEntropyLoss()
        images = torch.rand(MODEL_BATCH, MODEL_FRAMES, 28, 28)
        labels = torch.randint(0, 10, (MODEL_BATCH,))

        def train_step():
            optimizer.zero_grad()
            loss_fn(model(images), labels).backward()
            optimizer.step()

        e = entry("trainStep", threads, measure(train_step, budget), "ms", model="fashion", batch=MODEL_BATCH,
                  frames=MODEL_FRAMES)
        e["score"] = MODEL_BATCH * MODEL_FRAMES / (e["median_us"] * 1e-6)
        e["unit"] = "frames/s"
        results.append(e)
    elif suite == "quant":
        with torch.no_grad():
            quant_results, int8 = quant_worker(torch, threads, budget)
        results += quant_results
    elif suite == "serving":
        with torch.no_grad():
            samples = measure(serving_fn(torch), budget)
        results.append(entry("step", threads, samples, "us/step", "lstm", 1, 1, model="embedding-lstm-dense"))
    elif suite == "cells":
        # no_grad around the whole measurement, as an inference loop would hold it, so that entering it is not timed.
        with torch.no_grad():
            for cell in ("rnn", "lstm", "gru"):
                for batch in (1, 32):
                    samples = measure(step_fn(torch, cell, batch, INPUT, HIDDEN), budget)
                    results.append(entry("step", threads, samples, "us/step", cell, batch, 1))
                # The same call at the smallest size: what a step costs before any arithmetic.
                samples = measure(step_fn(torch, cell, 1, 1, 1), budget)
                results.append(entry("step_min", threads, samples, "us/step", cell, 1, 1, input=1, hidden=1))
    else:
        nn = torch.nn
        for cell in ("lstm", "gru"):
            m = nn.LSTM(INPUT, HIDDEN) if cell == "lstm" else nn.GRU(INPUT, HIDDEN)
            x = torch.rand(STEPS, BATCH, INPUT) * 2 - 1
            target = torch.rand(STEPS, BATCH, HIDDEN) * 2 - 1
            opt = torch.optim.Adam(m.parameters(), lr=1e-3)

            def forward():
                m(x)

            def train():
                out, _ = m(x)
                loss = nn.functional.mse_loss(out, target)
                loss.backward()
                opt.step()
                opt.zero_grad()

            with torch.no_grad():
                samples = measure(forward, budget)
            results.append(entry("forward", threads, samples, "tokens/s", cell, BATCH, STEPS))
            results.append(entry("train", threads, measure(train, budget), "tokens/s", cell, BATCH, STEPS))
    meta = {"torch": torch.__version__, "threads": torch.get_num_threads(),
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "default")}
    if suite == "quant":
        meta["int8"] = int8
    return {"meta": meta, "results": results}


def line(e):
    parts = [f"impl={e['impl']}", f"op={e['op']}"]
    if "kind" in e:
        parts.append(f"kind={e['kind']}")
    if "conv" in e:
        parts += [f"conv={e['conv']}", f"batch={e['batch']}"]
    if "model" in e:
        parts.append(f"model={e['model']}")
        if "frames" in e:  # the conv suite's demo model; the serving model's batch comes with its cell below
            parts += [f"batch={e['batch']}", f"frames={e['frames']}"]
    if "cell" in e:
        parts.append(f"cell={e['cell']}")
        if "input" in e:
            parts += [f"input={e['input']}", f"hidden={e['hidden']}"]
        for key in ("size", "format", "engine"):  # the quant suite: HIDDENxINPUT, weight format, quantized engine
            if key in e:
                parts.append(f"{key}={e[key]}")
        parts += [f"batch={e['batch']}", f"steps={e['steps']}"]
    parts += [f"threads={e['threads']}", f"score={e['score']:.3f}", f"unit={e['unit']}"]
    return " ".join(parts)


def quant_engines_note(int8):
    """The env file's words on what the int8 steps ran on."""
    note = f"; int8 by quantize_dynamic on engine(s) {', '.join(int8['engines']) or 'none'}"
    if int8["missing"]:
        note += (f" ({', '.join(int8['missing'])} not in this build's supported_engines "
                 f"{int8['supported_engines']})")
    if int8["not_quantised"]:
        note += "; not quantised: " + "; ".join(f"{k}: {v}" for k, v in int8["not_quantised"].items())
    return note


def main(argv):
    if len(argv) >= 1 and argv[0] == "--worker":
        suite, threads, quick = argv[1], int(argv[3]), "--quick" in argv
        json.dump(worker(suite, threads, quick), sys.stdout)
        return
    if not argv or argv[0] not in list(THREADS) + ["import"]:
        sys.exit(__doc__.split("\n\n")[1])
    suite, quick = argv[0], "--quick" in argv
    out = argv[argv.index("--out") + 1] if "--out" in argv else os.path.join(os.path.dirname(__file__), "results")
    if "--export" in argv:
        exports = {"serving": export_serving, "import": export_import, "quant": export_quant}
        if suite not in exports:
            sys.exit(f"torch_peer: --export is for the suites {', '.join(exports)}, not {suite}")
        exports[suite](out)
        return
    if suite == "import":
        sys.exit("torch_peer: the import suite has no PyTorch timing, only --export")
    suffix = "-quick" if quick else ""
    results, metas = [], []
    for threads in THREADS[suite]:
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(threads)
        # qnnpack's dynamic linear logs a warning at every call (that it ignores reduce_range): errors only, which
        # takes both of these with Debian's 1.13 (either alone still prints it).
        env["GLOG_minloglevel"] = "2"
        env["TORCH_CPP_LOG_LEVEL"] = "ERROR"
        if threads > 1:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        else:
            env.pop("OMP_WAIT_POLICY", None)
        print(f"torch_peer: {suite}, {threads} thread(s)" + (", OMP_WAIT_POLICY=PASSIVE" if threads > 1 else ""),
              flush=True)
        child = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", suite, "--threads",
                                str(threads)] + (["--quick"] if quick else []),
                               env=env, stdout=subprocess.PIPE, check=True, text=True)
        data = json.loads(child.stdout)
        results += data["results"]
        metas.append(data["meta"])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{suite}-torch{suffix}.json"), "w") as f:
        json.dump({"meta": metas, "results": results}, f, indent=1)
        f.write("\n")
    lines = [line(e) for e in results]
    with open(os.path.join(out, f"{suite}{suffix}.txt"), "a") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, f"{suite}{suffix}.env"), "a") as f:
        f.write(f"PyTorch: {metas[0]['torch']} (Debian python3-torch), threads "
                + ", ".join(f"{m['threads']} (OMP_WAIT_POLICY={m['omp_wait_policy']})" for m in metas)
                + "".join(quant_engines_note(m["int8"]) for m in metas if "int8" in m) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
