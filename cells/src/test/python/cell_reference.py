"""Writes PyTorch reference files for the cells parity tests.

Run with Debian's python3 and python3-torch (1.13):  /usr/bin/python3 cell_reference.py
Each case becomes cells/src/test/resources/pytorch/<case>.safetensors, written by this script
(Debian has no safetensors package; the format is an 8-byte little-endian header length, a JSON
header, then the raw little-endian bytes). Everything is float64. Per case:
  - the module's state_dict under PyTorch's own names (weight_ih_l0, bias_hh_l1_reverse, ...)
  - input [T, B, I], h0 (and c0) [layers*D, B, H], lengths [B] (as float64; all T when absent)
  - output, h_n (and c_n): the forward results, padded with zeros past each length
  - loss weights w_output, w_h (and w_c): loss = sum(output*w_output) + sum(h_n*w_h) (+ sum(c_n*w_c))
  - grad.<name> for every parameter, grad.input, grad.h0 (and grad.c0)
Cell cases (RNNCell, LSTMCell, GRUCell) hold one step: input [B, I], h0 [B, H], output = h1 (c1).
"""
import json
import os
import struct
import zlib

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch")
T, B, I, H = 5, 3, 3, 4


def save(path, tensors):
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float64).contiguous()
        data = t.numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def sequence_case(name, kind, layers, bidirectional, lengths=None, nonlinearity="tanh"):
    torch.manual_seed(zlib.crc32(name.encode()))
    d = 2 if bidirectional else 1
    if kind == "rnn":
        m = torch.nn.RNN(I, H, num_layers=layers, bidirectional=bidirectional, nonlinearity=nonlinearity)
    elif kind == "lstm":
        m = torch.nn.LSTM(I, H, num_layers=layers, bidirectional=bidirectional)
    else:
        m = torch.nn.GRU(I, H, num_layers=layers, bidirectional=bidirectional)
    m = m.double()
    x = torch.randn(T, B, I, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(layers * d, B, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(layers * d, B, H, dtype=torch.float64, requires_grad=True)
    state = (h0, c0) if kind == "lstm" else h0
    if lengths is None:
        out, hn = m(x, state)
    else:
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
        out, hn = m(packed, state)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=T)
    h_n, c_n = hn if kind == "lstm" else (hn, None)
    w_output = torch.randn_like(out)
    w_h = torch.randn_like(h_n)
    loss = (out * w_output).sum() + (h_n * w_h).sum()
    tensors = {"input": x, "h0": h0, "output": out, "h_n": h_n, "w_output": w_output, "w_h": w_h}
    if c_n is not None:
        w_c = torch.randn_like(c_n)
        loss = loss + (c_n * w_c).sum()
        tensors.update({"c0": c0, "c_n": c_n, "w_c": w_c})
    params = dict(m.named_parameters())
    grads = torch.autograd.grad(loss, [x, h0] + ([c0] if c_n is not None else []) + list(params.values()))
    tensors["grad.input"] = grads[0]
    tensors["grad.h0"] = grads[1]
    rest = grads[2:]
    if c_n is not None:
        tensors["grad.c0"] = rest[0]
        rest = rest[1:]
    for (pname, p), g in zip(params.items(), rest):
        tensors[pname] = p
        tensors["grad." + pname] = g
    tensors["lengths"] = torch.tensor(lengths if lengths is not None else [T] * B, dtype=torch.float64)
    save(os.path.join(OUT, name + ".safetensors"), tensors)


def cell_case(name, kind, nonlinearity="tanh"):
    torch.manual_seed(zlib.crc32(name.encode()))
    if kind == "rnn":
        m = torch.nn.RNNCell(I, H, nonlinearity=nonlinearity)
    elif kind == "lstm":
        m = torch.nn.LSTMCell(I, H)
    else:
        m = torch.nn.GRUCell(I, H)
    m = m.double()
    x = torch.randn(B, I, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(B, H, dtype=torch.float64, requires_grad=True)
    if kind == "lstm":
        h1, c1 = m(x, (h0, c0))
    else:
        h1, c1 = m(x, h0), None
    w_h = torch.randn_like(h1)
    loss = (h1 * w_h).sum()
    tensors = {"input": x, "h0": h0, "h_n": h1, "w_h": w_h}
    inputs = [x, h0]
    if c1 is not None:
        w_c = torch.randn_like(c1)
        loss = loss + (c1 * w_c).sum()
        tensors.update({"c0": c0, "c_n": c1, "w_c": w_c})
        inputs.append(c0)
    params = dict(m.named_parameters())
    grads = torch.autograd.grad(loss, inputs + list(params.values()))
    for key, g in zip(["grad.input", "grad.h0", "grad.c0"][: len(inputs)], grads):
        tensors[key] = g
    for (pname, p), g in zip(params.items(), grads[len(inputs):]):
        tensors[pname] = p
        tensors["grad." + pname] = g
    save(os.path.join(OUT, name + ".safetensors"), tensors)


def main():
    os.makedirs(OUT, exist_ok=True)
    for kind in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        base, _, nl = kind.partition("_")
        for layers in (1, 2):
            for bidir in (False, True):
                name = "%s_l%d_%s" % (kind, layers, "bi" if bidir else "uni")
                sequence_case(name, base, layers, bidir, nonlinearity=nl or "tanh")
        sequence_case(kind + "_l2_bi_lengths", base, 2, True, lengths=[5, 2, 4], nonlinearity=nl or "tanh")
        cell_case(kind + "_cell", base, nonlinearity=nl or "tanh")
    print("wrote", len(os.listdir(OUT)), "files to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
