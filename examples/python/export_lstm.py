"""Trains a small LSTM in PyTorch and saves it in safetensors format for the Java example FromPyTorch.

Run with Debian's python3 and python3-torch (1.13); nothing else is needed:

    /usr/bin/python3 examples/python/export_lstm.py [OUTPUT]

OUTPUT defaults to examples/src/main/resources/dev/vectorgrad/examples/pytorch/sine_lstm.safetensors,
the copy the Java example loads when given no --model. The file holds, all float32:
  - the model's state_dict under PyTorch's names: lstm.weight_ih_l0, lstm.bias_hh_l1, head.weight, ...
  - example.input [T, B, 1]: a batch of input sequences
  - example.output [T, B, 1], example.h_n and example.c_n [layers, B, H]: what PyTorch computed from it
and, as __metadata__, the sizes the Java side needs to build the same model.

safetensors is a simple format (an 8-byte little-endian header length, a JSON header naming each
tensor's dtype, shape and byte range, then the raw little-endian data), so this script writes it
itself: Debian has no safetensors package. With the safetensors package installed,
safetensors.torch.save_file(tensors, path, metadata) writes the same thing.
"""
import json
import math
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "src", "main", "resources", "dev", "vectorgrad", "examples", "pytorch",
                           "sine_lstm.safetensors")
INPUT, HIDDEN, LAYERS = 1, 32, 2
T, B = 40, 4


class SineLstm(torch.nn.Module):
    """Reads a sequence of values and predicts, at each step, the next value."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(INPUT, HIDDEN, LAYERS)
        self.head = torch.nn.Linear(HIDDEN, 1)

    def forward(self, x):
        out, (h_n, c_n) = self.lstm(x)
        return self.head(out), h_n, c_n


def sines(steps, batch, generator):
    """Sine waves with random frequencies and phases, [steps + 1, batch, 1]."""
    freq = 0.1 + 0.3 * torch.rand(batch, generator=generator)
    phase = 2 * math.pi * torch.rand(batch, generator=generator)
    t = torch.arange(steps + 1, dtype=torch.float32).unsqueeze(1)
    return torch.sin(freq * t + phase).unsqueeze(2)


def save_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)          # pad so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    out_path = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(1)
    model = SineLstm()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(1, 301):
        seq = sines(T, 32, generator)
        prediction, _, _ = model(seq[:-1])
        loss = torch.nn.functional.mse_loss(prediction, seq[1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print("step %d: training MSE %.5f" % (step, loss.item()))

    with torch.no_grad():
        x = sines(T, B, generator)[:-1]
        output, h_n, c_n = model(x)
    tensors = {"lstm." + k: v for k, v in model.lstm.state_dict().items()}
    tensors.update({"head." + k: v for k, v in model.head.state_dict().items()})
    tensors.update({"example.input": x, "example.output": output, "example.h_n": h_n, "example.c_n": c_n})
    metadata = {"input_size": str(INPUT), "hidden_size": str(HIDDEN), "num_layers": str(LAYERS),
                "torch_version": torch.__version__}
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    save_safetensors(out_path, tensors, metadata)
    print("wrote %s (%d tensors, %d bytes)" % (out_path, len(tensors), os.path.getsize(out_path)))


if __name__ == "__main__":
    main()
