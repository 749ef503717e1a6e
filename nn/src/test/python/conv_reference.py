"""Writes PyTorch reference files for the nn image-layer parity tests (Conv2d, MaxPool2d, AvgPool2d, Flatten).

Run with Debian's python3 and python3-torch (1.13):  /usr/bin/python3 conv_reference.py
Each case becomes nn/src/test/resources/pytorch/<case>.safetensors, written by this script (Debian has no
safetensors package; the format is an 8-byte little-endian header length, a JSON header, then the raw
little-endian bytes). Everything is float64, computed by PyTorch in float64. Per case:
  - the module's state_dict under PyTorch's own names (weight, bias) for Conv2d, nothing for the pools
  - input [N, C, H, W]
  - output: the module's forward result
  - w_output: loss weights, loss = sum(output * w_output)
  - grad.input and grad.<name> for every parameter: the gradients of that loss
Also conv2d_state_dict.safetensors: a float32 state_dict of a Conv2d(3, 4, 3) alone, as
safetensors.torch.save_file(module.state_dict()) writes it, for Module.load.
"""
import json
import os
import struct
import zlib

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch")

DTYPES = {torch.float64: ("F64", "<f8"), torch.float32: ("F32", "<f4")}


def save(path, tensors, dtype=torch.float64):
    header = {}
    blobs = []
    offset = 0
    name, fmt = DTYPES[dtype]
    for key in sorted(tensors):
        t = tensors[key].detach().to(dtype).contiguous()
        data = t.numpy().astype(fmt).tobytes()
        header[key] = {"dtype": name, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def case(name, make, input_shape):
    torch.manual_seed(zlib.crc32(name.encode()))
    m = make().double()
    x = torch.randn(*input_shape, dtype=torch.float64, requires_grad=True)
    y = m(x)
    w = torch.randn(*y.shape, dtype=torch.float64)
    (y * w).sum().backward()
    tensors = {"input": x, "output": y, "w_output": w, "grad.input": x.grad}
    for key, p in m.named_parameters():
        tensors[key] = p
        tensors["grad." + key] = p.grad
    save(os.path.join(OUT, name + ".safetensors"), tensors)


def main():
    os.makedirs(OUT, exist_ok=True)
    nn = torch.nn
    # stride 1, padding 0, bias, several channels
    case("conv2d_s1_p0_bias", lambda: nn.Conv2d(3, 4, 3), (2, 3, 6, 5))
    # stride 2, padding 1, no bias
    case("conv2d_s2_p1_nobias", lambda: nn.Conv2d(2, 5, 3, stride=2, padding=1, bias=False), (2, 2, 7, 6))
    # padding 'same' with an even kernel width (PyTorch puts the extra column at the right) and an odd height
    case("conv2d_same_3x4_bias", lambda: nn.Conv2d(3, 2, (3, 4), padding="same"), (1, 3, 5, 6))
    # rectangular kernel, unequal strides and pads
    case("conv2d_s2x1_p1x0_bias", lambda: nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0)), (2, 2, 6, 5))
    # padding 'valid', a single input channel and 8 filters (the demo's first layer in small)
    case("conv2d_valid_1to8_bias", lambda: nn.Conv2d(1, 8, 3, padding="valid"), (3, 1, 6, 6))
    case("maxpool2d_2", lambda: nn.MaxPool2d(2), (2, 3, 5, 4))
    case("maxpool2d_3_s2_p1", lambda: nn.MaxPool2d(3, stride=2, padding=1), (1, 2, 6, 5))
    case("avgpool2d_2_s1", lambda: nn.AvgPool2d(2, stride=1), (2, 2, 4, 3))
    case("flatten", lambda: nn.Flatten(), (2, 3, 2, 4))
    torch.manual_seed(zlib.crc32(b"conv2d_state_dict"))
    save(os.path.join(OUT, "conv2d_state_dict.safetensors"), nn.Conv2d(3, 4, 3).state_dict(), torch.float32)


if __name__ == "__main__":
    main()
