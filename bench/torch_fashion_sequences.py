#!/usr/bin/python3
"""The PyTorch reference of the image-sequence demo (examples' FashionSequences): the same task, data,
architecture, optimiser, batch size and number of steps, so that its test accuracy can be set beside ours.

Usage: torch_fashion_sequences.py [--train N] [--validation N] [--test N] [--epochs N] [--batch N]
                                  [--lr X] [--seed S] [--data DIR] [--threads N] [--json FILE]

The task ("what comes after the bag"): a sequence of 8 Fashion-MNIST images holds exactly one bag
(class 8) at a position 0..6 drawn uniformly, and 7 other images of the nine other classes drawn
uniformly; the label is the class of the image right after the bag. Reordering the frames changes the
label, so the model must use the order. The sequences are drawn by the same splitmix64 generator as
the Java demo (FashionSequences.java): the same seed gives the same sequences, image for image.
Training sequences take their images from the first 50,000 training images, validation sequences from
the last 10,000, test sequences from the 10,000 test images.

The model is the tutorial's, as PyTorch writes it, with Keras's initialisers (glorot_uniform kernels,
zero biases, an orthogonal recurrent kernel and a forget-gate bias of 1) so that both start alike:
  Conv2d(1, 32, 3) relu, MaxPool2d(2), Conv2d(32, 64, 3) relu, MaxPool2d(2), flatten (height, width,
  channel, as Keras), on every frame; LSTM(1600, 50) over the frames; Linear(50, 10) on the last
  state; cross-entropy on the logits (Keras's softmax + sparse categorical cross-entropy).
Adam(lr) with PyTorch's defaults otherwise (betas 0.9/0.999, eps 1e-8; Keras's eps is 1e-7); the
training sequences are shuffled each epoch by torch.randperm seeded from --seed.
Prints one line per epoch and a last line 'test_accuracy=...'; --json writes the results.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

MASK = (1 << 64) - 1
FRAMES, BAG = 8, 8
OTHERS = [c for c in range(10) if c != BAG]
DATA = "/usr/share/datasets/fashion-mnist"


class SplitMix64:
    """The generator of FashionSequences.java: splitmix64; below(n) = (next >>> 1) mod n."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return (self.next() >> 1) % n


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def sequences(labels, first, end, count, seed):
    """count sequences of image indices [count, 8] from images [first, end), and their labels."""
    by_class = [[i for i in range(first, end) if labels[i] == c] for c in range(10)]
    rng = SplitMix64(seed)
    index = np.zeros((count, FRAMES), dtype=np.int64)
    target = np.zeros(count, dtype=np.int64)
    for s in range(count):
        bag = rng.below(FRAMES - 1)
        for t in range(FRAMES):
            c = BAG if t == bag else OTHERS[rng.below(len(OTHERS))]
            pool = by_class[c]
            index[s, t] = pool[rng.below(len(pool))]
        target[s] = labels[index[s, bag + 1]]
    return index, target


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.pool = nn.MaxPool2d(2)
        self.lstm = nn.LSTM(1600, 50, batch_first=True)
        self.dense = nn.Linear(50, 10)
        for conv in (self.conv1, self.conv2):
            kh, kw, cin, cout = conv.kernel_size[0], conv.kernel_size[1], conv.in_channels, conv.out_channels
            bound = (6.0 / (kh * kw * cin + kh * kw * cout)) ** 0.5
            nn.init.uniform_(conv.weight, -bound, bound)
            nn.init.zeros_(conv.bias)
        units = 50
        nn.init.uniform_(self.lstm.weight_ih_l0, -(6.0 / (1600 + 4 * units)) ** 0.5, (6.0 / (1600 + 4 * units)) ** 0.5)
        w = torch.empty(units, 4 * units)   # Keras's Orthogonal over [units, 4 units]: orthonormal rows
        nn.init.orthogonal_(w)
        self.lstm.weight_hh_l0.data.copy_(w.t())
        nn.init.zeros_(self.lstm.bias_ih_l0)
        nn.init.zeros_(self.lstm.bias_hh_l0)
        self.lstm.bias_ih_l0.data[units:2 * units] = 1.0   # PyTorch's gate order i, f, g, o: f is the second block
        bound = (6.0 / (50 + 10)) ** 0.5
        nn.init.uniform_(self.dense.weight, -bound, bound)
        nn.init.zeros_(self.dense.bias)

    def forward(self, x):                      # x [B, T, 28, 28]
        b, t = x.shape[0], x.shape[1]
        y = x.reshape(b * t, 1, 28, 28)
        y = self.pool(torch.relu(self.conv1(y)))
        y = self.pool(torch.relu(self.conv2(y)))
        y = y.permute(0, 2, 3, 1).reshape(b, t, -1)   # Keras's Flatten order: height, width, channel
        _, (h, _) = self.lstm(y)
        return self.dense(h[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", type=int, default=4000)
    p.add_argument("--validation", type=int, default=500)
    p.add_argument("--test", type=int, default=2000)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default=DATA)
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train_images = read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))
    train_labels = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))
    test_images = read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))
    test_labels = read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz"))

    def tensors(images, labels, first, end, count, seed):
        index, target = sequences(labels, first, end, count, seed)
        x = torch.from_numpy(images[index].astype(np.float32) / 255.0)
        return x, torch.from_numpy(target)

    xt, yt = tensors(train_images, train_labels, 0, 50000, a.train, a.seed)
    xv, yv = tensors(train_images, train_labels, 50000, 60000, a.validation, a.seed + 1)
    xs, ys = tensors(test_images, test_labels, 0, 10000, a.test, a.seed + 2)
    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()

    def evaluate(x, y):
        model.eval()
        with torch.no_grad():
            logits = torch.cat([model(x[i:i + 256]) for i in range(0, len(x), 256)])
        model.train()
        return loss_fn(logits, y).item(), (logits.argmax(1) == y).float().mean().item()

    history = []
    start = time.perf_counter()
    steps = 0
    for epoch in range(a.epochs):
        order = torch.randperm(len(xt))
        total, correct, seen = 0.0, 0, 0
        for i in range(0, len(xt), a.batch):
            idx = order[i:i + a.batch]
            logits = model(xt[idx])
            loss = loss_fn(logits, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            steps += 1
            total += loss.item() * len(idx)
            correct += (logits.argmax(1) == yt[idx]).sum().item()
            seen += len(idx)
        vl, va = evaluate(xv, yv)
        history.append({"epoch": epoch + 1, "loss": total / seen, "accuracy": correct / seen,
                        "val_loss": vl, "val_accuracy": va})
        print(f"epoch {epoch + 1}/{a.epochs}: loss {total / seen:.4f} accuracy {correct / seen:.4f} "
              f"val_loss {vl:.4f} val_accuracy {va:.4f} ({time.perf_counter() - start:.0f} s)", flush=True)
    tl, ta = evaluate(xs, ys)
    seconds = time.perf_counter() - start
    print(f"test_loss={tl:.4f} test_accuracy={ta:.4f} steps={steps} seconds={seconds:.1f} torch={torch.__version__}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"args": vars(a), "history": history, "test_loss": tl, "test_accuracy": ta, "steps": steps,
                       "seconds": seconds, "torch": torch.__version__}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
