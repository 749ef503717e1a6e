"""Writes the Keras model files of the Java example FromKeras, with the fixture script's code (no Keras needed).

Keras cannot be installed here, so these are not files that Keras wrote: interop/src/test/python/keras_fixtures.py
lays out h5py files as Keras's saving code does (see its docstring for the sources) and computes the expected
output with its own float64 NumPy implementation of Keras's equations. This script imports it and writes its
"bidirectional" model (weights identical to the fixture's):

    Bidirectional(LSTM(4, return_sequences=True)) -> Bidirectional(GRU(3), merge_mode="sum") -> Dense(2)

on inputs [batch, 5 steps, 3 features]. Run from the repository root with Debian's python3 (numpy, python3-h5py):

    /usr/bin/python3 examples/python/export_keras.py [OUTPUT_DIR]

OUTPUT_DIR defaults to examples/src/main/resources/dev/vectorgrad/examples/keras/, the copy the Java example loads.
It writes there
  - bidirectional.keras  the Keras 3 zip (config.json, metadata.json, model.weights.h5)
  - bidirectional.h5     the same model as a legacy HDF5 file (tf.keras 2.15 layout)
  - bidirectional.json   {"input": {"shape", "data"}, "output": {...}}: an input of 6 sequences and the NumPy
                         reference's output for it, float64 (the input values are float32 values)
and prints how far two mapping errors would move the output, which the Java example's tolerance is set against.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "interop", "src", "test", "python"))

import keras_fixtures as kf  # noqa: E402  (the path above is needed first)

DEFAULT_OUT = os.path.join(HERE, "..", "src", "main", "resources", "dev", "vectorgrad", "examples", "keras")
NAME = "bidirectional"
BATCH = 6


def sensitivity(model, x, y):
    """The largest output change from two mapping errors: LSTM gates i and f swapped; one recurrent weight + 0.01."""
    lstm = model["layers"][0]["forward"]
    u = lstm["config"]["units"]
    saved = list(lstm["weights"])
    kernel = saved[0].copy()
    kernel[:, :u], kernel[:, u:2 * u] = saved[0][:, u:2 * u].copy(), saved[0][:, :u].copy()
    lstm["weights"][0] = kernel
    swapped = float(np.max(np.abs(kf.reference(model, x) - y)))
    lstm["weights"][0] = saved[0]
    recurrent = saved[1].copy()
    recurrent[0, 0] += np.float32(0.01)
    lstm["weights"][1] = recurrent
    nudged = float(np.max(np.abs(kf.reference(model, x) - y)))
    lstm["weights"][1] = saved[1]
    return swapped, nudged


def main():
    out = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    os.makedirs(out, exist_ok=True)
    model = kf.models()[NAME]          # the first draws of the fixture script's seeded generator: its weights
    x = np.random.default_rng(4).uniform(-1, 1, [BATCH] + model["input"]).astype(np.float32)
    y = kf.reference(model, x)
    paths = [os.path.join(out, NAME + ext) for ext in (".keras", ".h5", ".json")]
    kf.write_keras(paths[0], model, "k3")
    kf.write_h5(paths[1], model)
    kf.write_expected(paths[2], x, y, "float64 NumPy reference of Keras's equations (keras_fixtures.py), not Keras")
    for path in paths:
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    swapped, nudged = sensitivity(model, x, y)
    print("output %s, largest |y| %.3f" % (list(y.shape), float(np.max(np.abs(y)))))
    print("a mapping error moves the output by: LSTM gates i and f swapped %.2e; one recurrent weight + 0.01 %.2e"
          % (swapped, nudged))


if __name__ == "__main__":
    main()
