"""Exports a 2-layer bidirectional GRU + Linear from PyTorch to ONNX for the Java example FromOnnx.

Run with Debian's python3 and python3-torch (1.13); nothing else is needed (torch.onnx.export writes the
protobuf itself):

    /usr/bin/python3 examples/python/export_gru_onnx.py [OUTPUT.onnx]

OUTPUT defaults to examples/src/main/resources/dev/vectorgrad/examples/onnx/gru_linear.onnx, the copy the Java
example loads when given no --model. Beside it, under the same name with .safetensors, the script writes an
example input and PyTorch's output for it, float32:
  - in.x [B, T, INPUT]: the graph input x (batch_first)
  - out.y [B, T, OUTPUTS]: what PyTorch computed from it
so that the Java side feeds "in.<graph input>" and compares every "out.<graph output>".

The weights are PyTorch's seeded initialisation, not trained: the example checks that the imported graph
computes what PyTorch computes, which a training run would not make more convincing. The graph is exported with
the TorchScript exporter at opset 17, with the batch and time axes dynamic (any batch size, any length).
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "src", "main", "resources", "dev", "vectorgrad", "examples", "onnx",
                           "gru_linear.onnx")
INPUT, HIDDEN, LAYERS, OUTPUTS = 8, 24, 2, 4
B, T = 3, 20
OPSET = 17


class GruLinear(torch.nn.Module):
    """A 2-layer bidirectional GRU over [batch, time, features], then a Linear layer on every step."""

    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(INPUT, HIDDEN, num_layers=LAYERS, bidirectional=True, batch_first=True)
        self.linear = torch.nn.Linear(2 * HIDDEN, OUTPUTS)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.linear(y)


def save_safetensors(path, tensors):
    """The safetensors format: an 8-byte little-endian header length, a JSON header, the raw data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"torch_version": torch.__version__}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)          # pad so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    out_path = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    if not out_path.endswith(".onnx"):
        sys.exit("the output file must end in .onnx, got " + out_path)
    torch.manual_seed(0)
    model = GruLinear().eval()
    x = torch.randn(B, T, INPUT, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        y = model(x)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    torch.onnx.export(model, (x,), out_path, opset_version=OPSET, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch", 1: "time"}, "y": {0: "batch", 1: "time"}},
                      do_constant_folding=True)
    data_path = out_path[:-len(".onnx")] + ".safetensors"
    save_safetensors(data_path, {"in.x": x, "out.y": y})
    for path in (out_path, data_path):
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


if __name__ == "__main__":
    main()
