#!/usr/bin/python3
"""Writes the ONNX import fixtures under interop/src/test/resources/onnx/.

Run with Debian's python3 (torch 1.13, numpy, onnx 1.12 from python3-onnx):
    /usr/bin/python3 interop/src/test/python/onnx_fixtures.py

Two kinds of fixture, each NAME.onnx beside NAME.safetensors:
* torch_*: small PyTorch models exported by torch.onnx.export (TorchScript exporter) at opsets 13 and 17;
  the safetensors file holds the inputs ("in.<graph input>") and PyTorch's own outputs ("out.<graph output>").
* built_*: graphs torch never emits (sequence_lens, GRU linear_before_reset=0, reverse-only directions, typed
  initializer fields, external data), built with onnx.helper; their expected outputs come from the float64
  NumPy implementation of the ONNX operator equations below (ONNX Operators.md, LSTM/GRU/RNN), which shares
  no code with the Java side.
Integer inputs (token ids, sequence lengths) are stored as F64 (exact for these small values); the test casts
them to the graph input's element type. Everything is seeded, so a rerun writes the same numbers.
"""
import os
import struct
import json

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")


def write_safetensors(path, tensors):
    """Minimal safetensors writer (the format: 8-byte LE header length, JSON header, raw LE data)."""
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr)
        if arr.dtype == np.float32:
            dtype = "F32"
        else:
            arr = arr.astype(np.float64)
            dtype = "F64"
        raw = arr.astype("<" + arr.dtype.str[1:]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- torch-exported models

class Seq(torch.nn.Module):
    """A recurrent layer returning every output it has (output, h_n[, c_n])."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x, *state):
        if isinstance(self.rnn, torch.nn.LSTM):
            y, (h, c) = self.rnn(x, (state[0], state[1])) if state else self.rnn(x)
            return y, h, c
        y, h = self.rnn(x, state[0]) if state else self.rnn(x)
        return y, h


class GruLinear(torch.nn.Module):
    """2-layer bidirectional GRU + Linear on every step (the FromOnnx example's model)."""

    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(4, 6, num_layers=2, bidirectional=True, batch_first=True)
        self.linear = torch.nn.Linear(12, 3)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.linear(y)


class EmbLstmLinear(torch.nn.Module):
    """Embedding + LSTM + Linear on the last step (a next-token classifier)."""

    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(11, 5)
        self.lstm = torch.nn.LSTM(5, 7, batch_first=True)
        self.linear = torch.nn.Linear(7, 11)

    def forward(self, tokens):
        y, _ = self.lstm(self.emb(tokens))
        return torch.log_softmax(self.linear(y[:, -1, :]), dim=-1)


def torch_cases():
    """(name, module, inputs as a dict name -> tensor)."""
    T, B = 5, 2
    x = lambda i, bf=False: torch.randn(B, T, i) if bf else torch.randn(T, B, i)
    cases = []
    cases.append(("lstm_1l", Seq(torch.nn.LSTM(3, 4)), {"x": x(3)}))
    cases.append(("lstm_2l_bidir_bf_init", Seq(torch.nn.LSTM(3, 4, 2, bidirectional=True, batch_first=True)),
                  {"x": x(3, True), "h0": torch.randn(4, B, 4), "c0": torch.randn(4, B, 4)}))
    cases.append(("lstm_3l", Seq(torch.nn.LSTM(2, 3, 3)), {"x": x(2)}))
    cases.append(("gru_1l_init", Seq(torch.nn.GRU(3, 5)), {"x": x(3), "h0": torch.randn(1, B, 5)}))
    cases.append(("gru_2l_bidir", Seq(torch.nn.GRU(3, 4, 2, bidirectional=True)), {"x": x(3)}))
    cases.append(("gru_3l_bf", Seq(torch.nn.GRU(4, 3, 3, batch_first=True)), {"x": x(4, True)}))
    cases.append(("rnn_tanh_2l_bidir_bf", Seq(torch.nn.RNN(3, 4, 2, bidirectional=True, batch_first=True)),
                  {"x": x(3, True)}))
    cases.append(("rnn_relu_1l_init", Seq(torch.nn.RNN(3, 5, nonlinearity="relu")),
                  {"x": x(3), "h0": torch.randn(1, B, 5)}))
    cases.append(("rnn_relu_3l_bidir_init", Seq(torch.nn.RNN(2, 3, 3, nonlinearity="relu", bidirectional=True)),
                  {"x": x(2), "h0": torch.randn(6, B, 3)}))
    cases.append(("gru2bi_linear", GruLinear(), {"x": x(4, True)}))
    cases.append(("emb_lstm_linear", EmbLstmLinear(), {"tokens": torch.randint(0, 11, (B, T))}))
    return cases


def export_torch():
    for opset in (13, 17):
        torch.manual_seed(20 + opset)
        for name, module, inputs in torch_cases():
            module.eval()
            with torch.no_grad():
                outs = module(*inputs.values())
            outs = outs if isinstance(outs, tuple) else (outs,)
            out_names = ["y", "h_n", "c_n"][:len(outs)] if isinstance(module, Seq) else ["y"]
            stem = f"torch_{name}_op{opset}"
            # batch and time dynamic, as a user exporting for serving (and step inference) would
            dynamic = {}
            for k, v in inputs.items():
                if k in ("h0", "c0"):
                    dynamic[k] = {1: "batch"}
                elif getattr(module, "batch_first", None) or (isinstance(module, Seq) and module.rnn.batch_first) \
                        or k == "tokens" or isinstance(module, GruLinear):
                    dynamic[k] = {0: "batch", 1: "time"}
                else:
                    dynamic[k] = {0: "time", 1: "batch"}
            torch.onnx.export(module, tuple(inputs.values()), os.path.join(OUT, stem + ".onnx"),
                              opset_version=opset, input_names=list(inputs), output_names=out_names,
                              dynamic_axes=dynamic, do_constant_folding=True)
            tensors = {"in." + k: v.numpy() for k, v in inputs.items()}
            tensors.update({"out." + k: v.numpy() for k, v in zip(out_names, outs)})
            write_safetensors(os.path.join(OUT, stem + ".safetensors"), tensors)


# ---------------------------------------------------------------- float64 reference of ONNX's equations

def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


ACT = {"Tanh": np.tanh, "Relu": lambda v: np.maximum(v, 0.0), "Sigmoid": sigmoid}


def onnx_recurrent(op, X, W, R, B, seq_lens, h0, c0, direction, hidden, act="Tanh", lbr=0):
    """ONNX LSTM (gates i,o,f,c) / GRU (z,r,h) / RNN, layout 0, float64. Steps at t >= seq_lens[b] are not run:
    their Y is 0 and the state is carried; a reverse direction starts at t = seq_lens[b] - 1."""
    T, Bn, _ = X.shape
    D = W.shape[0]
    H = hidden
    Y = np.zeros((T, D, Bn, H))
    Yh = np.zeros((D, Bn, H))
    Yc = np.zeros((D, Bn, H))
    lens = seq_lens if seq_lens is not None else np.full(Bn, T)
    for d in range(D):
        rev = direction == "reverse" or (direction == "bidirectional" and d == 1)
        Wb, Rb = B[d, :B.shape[1] // 2], B[d, B.shape[1] // 2:]
        for b in range(Bn):
            h = h0[d, b].copy() if h0 is not None else np.zeros(H)
            c = c0[d, b].copy() if c0 is not None else np.zeros(H)
            L = int(lens[b])
            for t in (range(L - 1, -1, -1) if rev else range(L)):
                x = X[t, b]
                if op == "LSTM":
                    g = W[d] @ x + R[d] @ h + Wb + Rb
                    i, o, f, cc = (g[k * H:(k + 1) * H] for k in range(4))
                    c = sigmoid(f) * c + sigmoid(i) * np.tanh(cc)
                    h = sigmoid(o) * np.tanh(c)
                elif op == "GRU":
                    xw = W[d] @ x + Wb
                    z = sigmoid(xw[:H] + R[d][:H] @ h + Rb[:H])
                    r = sigmoid(xw[H:2 * H] + R[d][H:2 * H] @ h + Rb[H:2 * H])
                    if lbr:
                        n = np.tanh(xw[2 * H:] + r * (R[d][2 * H:] @ h + Rb[2 * H:]))
                    else:
                        n = np.tanh(xw[2 * H:] + R[d][2 * H:] @ (r * h) + Rb[2 * H:])
                    h = (1 - z) * n + z * h
                else:
                    h = ACT[act](W[d] @ x + R[d] @ h + Wb + Rb)
                Y[t, d, b] = h
            Yh[d, b] = h
            Yc[d, b] = c
    return Y, Yh, Yc


def check_reference():
    """The NumPy reference against PyTorch itself, before it is trusted with graphs torch cannot export: torch's
    weights reordered to ONNX's gate order (LSTM i,f,g,o -> i,o,f,c; GRU r,z,n -> z,r,h, which is
    linear_before_reset=1), bidirectional, with initial states, in float64."""
    torch.manual_seed(7)
    for cls in (torch.nn.LSTM, torch.nn.GRU, torch.nn.RNN):
        for nonlinearity in (("tanh", "relu") if cls is torch.nn.RNN else (None,)):
            kw = {"nonlinearity": nonlinearity} if nonlinearity else {}
            m = cls(3, 4, bidirectional=True, **kw).double()
            x = torch.randn(5, 2, 3, dtype=torch.float64)
            h0 = torch.randn(2, 2, 4, dtype=torch.float64)
            c0 = torch.randn(2, 2, 4, dtype=torch.float64)
            with torch.no_grad():
                y, state = m(x, (h0, c0)) if cls is torch.nn.LSTM else m(x, h0)
            H = 4
            order = {torch.nn.LSTM: [0, 3, 1, 2], torch.nn.GRU: [1, 0, 2], torch.nn.RNN: [0]}[cls]

            def onnx_order(w):
                return np.concatenate([w[k * H:(k + 1) * H] for k in order])

            W = np.stack([onnx_order(getattr(m, "weight_ih_l0" + s).detach().numpy()) for s in ("", "_reverse")])
            R = np.stack([onnx_order(getattr(m, "weight_hh_l0" + s).detach().numpy()) for s in ("", "_reverse")])
            B = np.stack([np.concatenate([onnx_order(getattr(m, "bias_ih_l0" + s).detach().numpy()),
                                          onnx_order(getattr(m, "bias_hh_l0" + s).detach().numpy())])
                          for s in ("", "_reverse")])
            op = {torch.nn.LSTM: "LSTM", torch.nn.GRU: "GRU", torch.nn.RNN: "RNN"}[cls]
            Y, Yh, _ = onnx_recurrent(op, x.numpy(), W, R, B, None, h0.numpy(),
                                      c0.numpy() if op == "LSTM" else None, "bidirectional", H,
                                      "Relu" if nonlinearity == "relu" else "Tanh", lbr=1)
            # ONNX Y [T, D, B, H]; torch y [T, B, D*H]
            err = max(np.abs(np.transpose(Y, (0, 2, 1, 3)).reshape(5, 2, 8) - y.numpy()).max(),
                      np.abs(Yh - (state[0] if op == "LSTM" else state).numpy()).max())
            assert err < 1e-12, f"NumPy reference differs from torch {op} {nonlinearity}: {err}"


def built_case(name, op, direction, I, H, T, Bn, *, seq_lens=None, init=False, act="Tanh", lbr=0,
               typed=False, external=False, layout=0, rng):
    D = 2 if direction == "bidirectional" else 1
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[op]
    W = rng.standard_normal((D, gates * H, I)) * 0.5
    R = rng.standard_normal((D, gates * H, H)) * 0.5
    B = rng.standard_normal((D, 2 * gates * H)) * 0.5
    X = rng.standard_normal((T, Bn, I))
    h0 = rng.standard_normal((D, Bn, H)) if init else None
    c0 = rng.standard_normal((D, Bn, H)) if init and op == "LSTM" else None
    f32 = lambda a: a.astype(np.float32)
    # the reference runs on the float32-rounded values the model holds
    W, R, B, X = (f32(a).astype(np.float64) for a in (W, R, B, X))
    h0 = None if h0 is None else f32(h0).astype(np.float64)
    c0 = None if c0 is None else f32(c0).astype(np.float64)

    def init_tensor(n, a):
        if typed:  # float_data, not raw_data
            return helper.make_tensor(n, TensorProto.FLOAT, a.shape, f32(a).flatten().tolist())
        return numpy_helper.from_array(f32(a), n)

    inits = [init_tensor("W", W), init_tensor("R", R), init_tensor("B", B)]
    # layout 1 is batch-major: X [N, T, I], states [N, D, H], Y [N, T, D, H]
    bm = (lambda a: np.swapaxes(a, 0, 1)) if layout else (lambda a: a)
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", "T", I] if layout else ["T", "N", I])]
    feeds = {"in.X": f32(bm(X))}
    node_in = ["X", "W", "R", "B", "", "", ""]
    if seq_lens is not None:
        inputs.append(helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, ["N"]))
        feeds["in.sequence_lens"] = np.array(seq_lens, dtype=np.float64)
        node_in[4] = "sequence_lens"
    if init:
        inputs.append(helper.make_tensor_value_info("initial_h", TensorProto.FLOAT,
                                                    ["N", D, H] if layout else [D, "N", H]))
        feeds["in.initial_h"] = f32(bm(h0))
        node_in[5] = "initial_h"
        if op == "LSTM":
            inputs.append(helper.make_tensor_value_info("initial_c", TensorProto.FLOAT,
                                                        ["N", D, H] if layout else [D, "N", H]))
            feeds["in.initial_c"] = f32(bm(c0))
            node_in[6] = "initial_c"
    while node_in and node_in[-1] == "":
        node_in.pop()
    outs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    attrs = {"hidden_size": H, "direction": direction}
    if layout:
        attrs["layout"] = 1
    if op == "GRU":
        attrs["linear_before_reset"] = lbr
    if op == "RNN":
        attrs["activations"] = [act] * D
    node = helper.make_node(op, node_in, outs, name=name + "_node", **attrs)
    out_shapes = {"Y": ["T", D, "N", H], "Y_h": [D, "N", H], "Y_c": [D, "N", H]}
    if layout:
        out_shapes = {"Y": ["N", "T", D, H], "Y_h": ["N", D, H], "Y_c": ["N", D, H]}
    outputs = [helper.make_tensor_value_info(o, TensorProto.FLOAT, out_shapes[o]) for o in outs]
    graph = helper.make_graph([node], name, inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="onnx_fixtures.py")
    onnx.checker.check_model(model)
    path = os.path.join(OUT, name + ".onnx")
    if external:
        weights = os.path.join(OUT, name + ".weights")
        if os.path.exists(weights):
            os.remove(weights)  # onnx appends to an existing external data file
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=name + ".weights", size_threshold=0)
    else:
        onnx.save_model(model, path)
    Y, Yh, Yc = onnx_recurrent(op, X, W, R, B, None if seq_lens is None else np.array(seq_lens), h0, c0,
                               direction, H, act, lbr)
    if layout:
        Y, Yh, Yc = np.transpose(Y, (2, 0, 1, 3)), bm(Yh), bm(Yc)
    feeds["out.Y"], feeds["out.Y_h"] = Y, Yh
    if op == "LSTM":
        feeds["out.Y_c"] = Yc
    write_safetensors(os.path.join(OUT, name + ".safetensors"), feeds)


def build_onnx():
    rng = np.random.default_rng(20)
    built_case("built_gru_lbr0_fwd_seqlens_init", "GRU", "forward", 3, 4, 5, 3, seq_lens=[5, 2, 3], init=True,
               lbr=0, rng=rng)
    built_case("built_gru_lbr0_bidir_seqlens", "GRU", "bidirectional", 3, 4, 5, 3, seq_lens=[3, 5, 1], lbr=0,
               rng=rng)
    built_case("built_gru_lbr1_reverse_init", "GRU", "reverse", 2, 3, 4, 2, init=True, lbr=1, rng=rng)
    built_case("built_lstm_reverse_seqlens_init", "LSTM", "reverse", 3, 4, 5, 3, seq_lens=[2, 5, 4], init=True,
               rng=rng)
    built_case("built_lstm_bidir_seqlens_typed", "LSTM", "bidirectional", 2, 3, 4, 2, seq_lens=[4, 1],
               typed=True, rng=rng)
    built_case("built_lstm_fwd_external", "LSTM", "forward", 3, 4, 4, 2, external=True, rng=rng)
    built_case("built_rnn_relu_reverse_seqlens", "RNN", "reverse", 3, 5, 4, 2, seq_lens=[3, 4], act="Relu",
               rng=rng)
    built_case("built_rnn_tanh_fwd_seqlens_init", "RNN", "forward", 3, 5, 4, 3, seq_lens=[4, 2, 1], init=True,
               rng=rng)
    built_case("built_lstm_bidir_layout1_init", "LSTM", "bidirectional", 3, 4, 4, 2, init=True, layout=1, rng=rng)
    built_case("built_gru_lbr0_fwd_layout1_seqlens", "GRU", "forward", 2, 3, 4, 3, seq_lens=[4, 1, 3], lbr=0,
               layout=1, rng=rng)
    # batches large enough that RecurrentOp projects the input a few steps at a time (32 rows: 3 steps of 11 or 12),
    # in several chunks and a partial last one, with rows of different lengths in both directions
    built_case("built_lstm_bidir_seqlens_chunks", "LSTM", "bidirectional", 3, 4, 8, 12,
               seq_lens=[8, 3, 5, 1, 8, 7, 2, 6, 4, 8, 5, 1], init=True, rng=rng)
    built_case("built_gru_lbr0_reverse_seqlens_chunks", "GRU", "reverse", 2, 3, 7, 11,
               seq_lens=[7, 1, 4, 7, 2, 6, 3, 5, 7, 1, 6], lbr=0, rng=rng)
    # batches of 16 rows or more, which RecurrentOp splits over two kernel threads (at least 8 rows a part)
    built_case("built_gru_lbr1_bidir_seqlens_split", "GRU", "bidirectional", 3, 4, 6, 17,
               seq_lens=[6, 2, 5, 1, 6, 3, 4, 6, 2, 5, 6, 1, 3, 6, 4, 2, 5], init=True, lbr=1, rng=rng)
    built_case("built_lstm_reverse_seqlens_split", "LSTM", "reverse", 2, 3, 5, 16,
               seq_lens=[5, 1, 4, 2, 5, 3, 5, 2, 1, 4, 5, 3, 2, 5, 4, 1], init=True, rng=rng)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    check_reference()
    export_torch()
    build_onnx()
