#!/usr/bin/python3
"""Writes the PyTorch reference files for the optimizer and clipping tests.

Run it with Debian's own python3 (it has python3-torch 1.13; the python3 first on PATH may not):

    /usr/bin/python3 autograd/src/test/python/optimizer_reference.py

For each configuration it starts from two fixed float64 parameters of different shapes, applies
a fixed sequence of gradients (drawn here from a seeded generator and written to the file, so the
Java tests need no matching RNG) and records the parameters after every step; for clipping it
records the clipped gradients and the returned total norm. The files go to
autograd/src/test/resources/optim/<name>.txt; the tests need no torch.

The optimizers run PyTorch's single-tensor (foreach=False) paths. The script pins
ATEN_CPU_CAPABILITY=default before importing torch: the AVX2/AVX512 builds of ATen's pointwise
kernels compute `self + alpha * other` with a fused multiply-add on full vectors and without one on
the scalar tail, so the last bit of a result would depend on the element's position and on the
CPU. The default kernels do every operation with one IEEE rounding, in the order the Python source
states, which is what the Java code does. (The --compare-native flag prints how far the native
kernels' results are from the files: on the AVX512 machine that wrote them, at most 8.2e-16
relative for F64 and 6.8e-7, a few float ulps, for F32.)

File format, one record a line, fields separated by single spaces, numbers as Python repr
(shortest round-trip form, so Double.parseDouble reads back the exact double):

    # comment
    kind <sgd|adam|adamw|rmsprop|clip_norm|clip_value>
    dtype <f32|f64>
    hyper <name> <value>              (true/false for booleans)
    shape <param> <dim>...            (no dims for a scalar)
    init <param> <value>...           (row-major)
    grad <step> <param> <value>...    (no line: that parameter has no gradient (None) at that step)
    param <step> <param> <value>...   (optimizers: the parameter after the step)
    clipped <step> <param> <value>... (clipping: the gradient after clipping)
    norm <step> <value>               (clip_norm: the total norm returned)

Steps count from 1.
"""

import os
import sys

COMPARE_NATIVE = "--compare-native" in sys.argv
if COMPARE_NATIVE:
    os.environ.pop("ATEN_CPU_CAPABILITY", None)
else:
    os.environ["ATEN_CPU_CAPABILITY"] = "default"  # before torch is imported; see the module docstring

import torch  # noqa: E402

SEED = 20240611
STEPS = 5
SHAPES = [(3, 4), (5,)]
# Per-step gradient scales: large and small steps, so that AMSGrad's running maximum and the clip
# threshold are both exercised (the second moment falls after step 2, some norms are under max_norm).
SCALES = [1.0, 3.0, 0.2, 1.0, 0.1]

CONFIGS = [
    # name, kind, dtype, hyperparameters, {step: [params without a gradient]}
    ("sgd_plain", "sgd", "f64", dict(lr=0.1), {}),
    ("sgd_momentum", "sgd", "f64", dict(lr=0.1, momentum=0.9, dampening=0.1), {3: [1]}),
    ("sgd_nesterov", "sgd", "f64", dict(lr=0.05, momentum=0.9, nesterov=True), {}),
    ("sgd_weight_decay", "sgd", "f64", dict(lr=0.1, momentum=0.5, weight_decay=0.05), {}),
    ("adam", "adam", "f64", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8), {3: [1]}),
    ("adam_amsgrad", "adam", "f64", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-8, amsgrad=True), {}),
    ("adam_weight_decay", "adam", "f64", dict(lr=0.02, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.1), {2: [0]}),
    ("adamw", "adamw", "f64", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1), {}),
    ("adamw_amsgrad", "adamw", "f64", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-8, weight_decay=0.05,
                                           amsgrad=True), {4: [0]}),
    ("rmsprop", "rmsprop", "f64", dict(lr=0.01, alpha=0.99, eps=1e-8), {}),
    ("rmsprop_centered_momentum", "rmsprop", "f64", dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01,
                                                         momentum=0.9, centered=True), {2: [0]}),
    ("sgd_nesterov_f32", "sgd", "f32", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), {}),
    ("adam_f32", "adam", "f32", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01), {}),
    ("rmsprop_centered_f32", "rmsprop", "f32", dict(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5,
                                                    centered=True), {}),
    ("clip_norm", "clip_norm", "f64", dict(max_norm=2.0), {4: [1]}),
    ("clip_value", "clip_value", "f64", dict(clip_value=0.5), {}),
]

DTYPES = {"f32": torch.float32, "f64": torch.float64}


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def hyper_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(float(v))


def make_optimizer(kind, params, hp):
    hp = dict(hp, foreach=False)
    if kind == "sgd":
        return torch.optim.SGD(params, **hp)
    if kind == "adam":
        return torch.optim.Adam(params, **hp)
    if kind == "adamw":
        return torch.optim.AdamW(params, **hp)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, **hp)
    raise ValueError(kind)


def run(name, kind, dtype, hp, missing):
    gen = torch.Generator().manual_seed(SEED)
    torch_dtype = DTYPES[dtype]
    init = [torch.randn(s, generator=gen, dtype=torch.float64).to(torch_dtype) for s in SHAPES]
    grads = [[(torch.randn(s, generator=gen, dtype=torch.float64) * SCALES[k]).to(torch_dtype) for s in SHAPES]
             for k in range(STEPS)]
    params = [t.clone().requires_grad_(True) for t in init]
    lines = [
        "# " + name + ": PyTorch " + torch.__version__ + ", ATEN_CPU_CAPABILITY=default, single-tensor path;"
        " written by autograd/src/test/python/optimizer_reference.py",
        "kind " + kind,
        "dtype " + dtype,
    ]
    for key, v in hp.items():
        if key == "betas":
            lines.append("hyper beta1 " + hyper_value(v[0]))
            lines.append("hyper beta2 " + hyper_value(v[1]))
        else:
            lines.append("hyper " + key + " " + hyper_value(v))
    for i, t in enumerate(init):
        lines.append(("shape %d " % i + " ".join(str(d) for d in t.shape)).rstrip())
        lines.append("init %d " % i + fmt(t.flatten().tolist()))
    opt = None if kind.startswith("clip") else make_optimizer(kind, params, hp)
    for k in range(STEPS):
        step = k + 1
        for i, p in enumerate(params):
            if i in missing.get(step, []):
                p.grad = None
            else:
                p.grad = grads[k][i].clone()
                lines.append("grad %d %d " % (step, i) + fmt(p.grad.flatten().tolist()))
        if kind == "clip_norm":
            total = torch.nn.utils.clip_grad_norm_(params, hp["max_norm"])
            lines.append("norm %d %s" % (step, repr(float(total))))
        elif kind == "clip_value":
            torch.nn.utils.clip_grad_value_(params, hp["clip_value"])
        else:
            opt.step()
        for i, p in enumerate(params):
            if kind.startswith("clip"):
                if p.grad is not None:
                    lines.append("clipped %d %d " % (step, i) + fmt(p.grad.flatten().tolist()))
            else:
                lines.append("param %d %d " % (step, i) + fmt(p.detach().flatten().tolist()))
    return lines


def out_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "resources", "optim"))


def compare_native():
    """Runs every configuration with this CPU's native (AVX2/AVX512) kernels and prints the largest
    relative difference from the committed files, which the default kernels wrote."""
    for name, kind, dtype, hp, missing in CONFIGS:
        worst = 0.0
        with open(os.path.join(out_dir(), name + ".txt")) as f:
            committed = f.read().splitlines()
        for a, b in zip(committed, run(name, kind, dtype, hp, missing)):
            fa, fb = a.split(), b.split()
            if fa[0] in ("param", "clipped", "norm"):
                for x, y in zip(fa[2:], fb[2:]):
                    x, y = float(x), float(y)
                    if x != y:
                        worst = max(worst, abs(x - y) / abs(x))
        print("%-28s %s max relative difference, native kernels vs file: %.3g" % (name, dtype, worst))


def main():
    if COMPARE_NATIVE:
        compare_native()
        return
    os.makedirs(out_dir(), exist_ok=True)
    for name, kind, dtype, hp, missing in CONFIGS:
        path = os.path.join(out_dir(), name + ".txt")
        with open(path, "w") as f:
            f.write("\n".join(run(name, kind, dtype, hp, missing)) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
