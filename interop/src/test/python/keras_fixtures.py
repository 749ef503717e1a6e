#!/usr/bin/python3
"""Writes the Keras import fixtures of dev.vectorgrad.interop.keras, without Keras (it cannot be installed here).

Run from the repository root with Debian's python3 (numpy, python3-h5py 3.7):

    /usr/bin/python3 interop/src/test/python/keras_fixtures.py

It writes into interop/src/test/resources/keras/ (deterministic: a fixed seed, no HDF5 timestamps, fixed zip dates):

* for each model below, the same random float32 weights in three files:
  - ``<model>.keras``        Keras 3 (layout of keras 3.13, keras/src/saving/saving_lib.py at tag v3.13.0:
                             ``save_model`` writes a zip with ``metadata.json``, ``config.json`` and
                             ``model.weights.h5``; ``_save_state``/``_save_container_state`` name each layer's group
                             after ``naming.to_snake_case`` of its class plus a per-container counter (``lstm``,
                             ``lstm_1``), under ``layers/`` (``_walk_saveable`` yields ``"layers"`` first for a
                             Sequential, whose ``layers`` omit the InputLayer); ``H5IOStore.make`` adds a ``vars``
                             group per saveable, and ``Layer.save_own_variables`` stores the variables as datasets
                             ``"0"``, ``"1"``... in creation order (kernel, recurrent_kernel, bias). Recurrent layers
                             keep theirs on the ``cell`` attribute, Bidirectional on ``forward_layer``/``backward_layer``,
                             TimeDistributed on ``layer``. Configs as keras 3.13's ``get_config``s write them (dtype a
                             ``DTypePolicy`` object, initialisers with ``module``/``registered_name``,
                             ``quantization_config: null`` on Dense and Embedding: keras/src/layers/core/dense.py,
                             embedding.py at v3.13.0).
  - ``<model>.tf213.keras``  tf.keras 2.13/2.14 (keras v2.13.1 keras/saving/saving_lib.py: ``_walk_trackable`` walks
                             ``dir(model)`` unsorted and without ``_layer_checkpoint_dependencies`` in
                             ``ATTR_SKIPLIST``, so a Sequential's layers land under ``_layer_checkpoint_dependencies/``;
                             commit bd465a78 "Fixed saved file namespace", first in v2.15.0, moved them to ``layers/``;
                             keras 3's ``H5IOStore.get`` reads the old root by replacing ``layers`` in the path, the
                             sub-paths staying the same). Configs as tf.keras 2.15 writes them: dtype a string,
                             ``batch_input_shape`` on the InputLayer and on the first layer, RNNs with ``time_major``
                             and ``implementation``, Embedding with ``input_length``.
  - ``<model>.tf215.keras``  tf.keras 2.15: the same configs, the weights under ``layers/`` (after bd465a78).
  - ``<model>.h5``           legacy HDF5 (keras 3.13 keras/src/legacy/saving/legacy_h5_format.py ``save_model_to_hdf5``
                             and ``save_weights_to_hdf5_group``, the same code as tf.keras 2.15
                             keras/saving/legacy/hdf5_format.py): root attributes ``model_config`` (JSON bytes),
                             ``keras_version``, ``backend``; group ``model_weights`` with attribute ``layer_names``; one
                             group per layer, created in name order, with attribute ``weight_names`` (empty for a
                             layer without weights) and the datasets at those (slash-nested) names; loading is by
                             position. Weight names as tf.keras 2.15 writes them (``lstm/lstm_cell/kernel:0``).
* ``<model>.json``: the input and the expected output, computed below in float64 NumPy from Keras's documented
  equations (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py, core/dense.py, convolutional/base_conv.py,
  pooling/max_pooling2d.py, reshaping/flatten.py, rnn/bidirectional.py at v3.13.0). No code is shared with the Java
  side. Weights and inputs are float32 values, so the reference is the exact result on the same numbers.
* ``tfjs_<fixture>.keras/.json``: TF.js fixtures of the models module (models/src/test/resources/keras-fixtures/)
  repackaged as Keras 3 files with their weights and inputs, and TF.js's own output as the expectation. The
  reference below is first checked against TF.js on them (1e-5), so the two sources agree before anything is written.
* ``dense.no_input_layer.h5``: a legacy config whose input shape is only the first layer's ``batch_input_shape``.
* ``hostile_*``: damaged and hostile files for KerasHostileFilesTest (see ``hostile()``): an int32 kernel, a gate
  weight of 3 blocks where LSTM has 4, a config with other units than the weights, a missing ``cell`` group, a
  10^12-element and an unallocated 2^28-element claim in 9 KB files, an HDF5 hard-link cycle, an unknown layer.

Keras writes its zip entries stored (zipfile's default); ``dense.keras`` and ``embedding_lstm.keras`` keep that, the
other ``.keras`` files are deflated to keep the fixtures small (the importer reads both). The HDF5 images are what
h5py 3.7 writes with its defaults (libver "earliest"), as Keras's code calls it.
"""

import io
import json
import os
import zipfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(ROOT, "..", "..", "..", ".."))
OUT = os.path.join(REPO, "interop", "src", "test", "resources", "keras")
TFJS = os.path.join(REPO, "models", "src", "test", "resources", "keras-fixtures")

rng = np.random.default_rng(20)


def weight(*shape, scale=0.6):
    return rng.uniform(-scale, scale, shape).astype(np.float32)


# ---- the reference: Keras's equations in float64 ------------------------------------------------------------------

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


ACT = {"linear": lambda x: x, "tanh": np.tanh, "sigmoid": sigmoid, "relu": lambda x: np.maximum(x, 0.0),
       "softmax": lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(
           -1, keepdims=True)}


def run_rnn(layer, x):
    """SimpleRNN / LSTM / GRU over x [B, T, F]; Keras 3 semantics (go_backwards returns the reversed sequence)."""
    c = layer["config"]
    k, r = [np.float64(w) for w in layer["weights"][:2]]
    bias = np.float64(layer["weights"][2]) if c.get("use_bias", True) else None
    u = c["units"]
    act = ACT[c.get("activation", "tanh")]
    rec = ACT[c.get("recurrent_activation", "sigmoid")]
    xs = x[:, ::-1] if c.get("go_backwards") else x
    b_, t_ = x.shape[0], x.shape[1]
    h = np.zeros((b_, u))
    cell = np.zeros((b_, u))
    outs = []
    for t in range(t_):
        xt = xs[:, t]
        if layer["class_name"] == "SimpleRNN":
            h = act(xt @ k + h @ r + (bias if bias is not None else 0))
        elif layer["class_name"] == "LSTM":
            z = xt @ k + h @ r + (bias if bias is not None else 0)
            i, f, g, o = rec(z[:, :u]), rec(z[:, u:2 * u]), act(z[:, 2 * u:3 * u]), rec(z[:, 3 * u:])
            cell = f * cell + i * g
            h = o * act(cell)
        else:
            if c.get("reset_after", True):
                bx, bh = (bias[0], bias[1]) if bias is not None else (0, 0)
                xz = xt @ k + bx
                hz = h @ r + bh
                zg = rec(xz[:, :u] + hz[:, :u])
                rg = rec(xz[:, u:2 * u] + hz[:, u:2 * u])
                hh = act(xz[:, 2 * u:] + rg * hz[:, 2 * u:])
            else:
                bx = bias if bias is not None else np.zeros(3 * u)
                xz = xt @ k + bx
                zg = rec(xz[:, :u] + h @ r[:, :u])
                rg = rec(xz[:, u:2 * u] + h @ r[:, u:2 * u])
                hh = act(xz[:, 2 * u:] + (rg * h) @ r[:, 2 * u:])
            h = zg * h + (1 - zg) * hh
        outs.append(h)
    return np.stack(outs, 1) if c.get("return_sequences") else h


def run_conv(layer, x):
    c = layer["config"]
    k = np.float64(layer["weights"][0])
    kh, kw, _, co = k.shape
    sh, sw = c.get("strides", [1, 1])
    b_, h_, w_, _ = x.shape
    oh, ow = (h_ - kh) // sh + 1, (w_ - kw) // sw + 1
    out = np.zeros((b_, oh, ow, co))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
            out[:, i, j, :] = np.tensordot(patch, k, axes=([1, 2, 3], [0, 1, 2]))
    if c.get("use_bias", True):
        out = out + np.float64(layer["weights"][1])
    return ACT[c.get("activation", "linear")](out)


def run_layer(layer, x):
    cls, c = layer["class_name"], layer["config"]
    if cls == "Dense":
        y = x @ np.float64(layer["weights"][0])
        if c.get("use_bias", True):
            y = y + np.float64(layer["weights"][1])
        return ACT[c.get("activation", "linear")](y)
    if cls == "Embedding":
        return np.float64(layer["weights"][0])[x.astype(np.int64)]
    if cls in ("Dropout",):
        return x
    if cls == "Activation":
        return ACT[c["activation"]](x)
    if cls in ("SimpleRNN", "LSTM", "GRU"):
        return run_rnn(layer, x)
    if cls == "Bidirectional":
        f = run_rnn(layer["forward"], x)
        b = run_rnn(layer["backward"], x)
        if layer["forward"]["config"].get("return_sequences"):
            b = b[:, ::-1]
        mode = c.get("merge_mode", "concat")
        return {"concat": lambda: np.concatenate([f, b], -1), "sum": lambda: f + b, "mul": lambda: f * b,
                "ave": lambda: (f + b) / 2}[mode]()
    if cls == "TimeDistributed":
        b_, t_ = x.shape[:2]
        y = run_layer(layer["inner"], x.reshape((b_ * t_,) + x.shape[2:]))
        return y.reshape((b_, t_) + y.shape[1:])
    if cls == "Conv2D":
        return run_conv(layer, x)
    if cls == "MaxPooling2D":
        ph, pw = c.get("pool_size", [2, 2])
        b_, h_, w_, ch = x.shape
        oh, ow = (h_ - ph) // ph + 1, (w_ - pw) // pw + 1
        return x[:, :oh * ph, :ow * pw, :].reshape(b_, oh, ph, ow, pw, ch).max(axis=(2, 4))
    if cls == "Flatten":
        return x.reshape(x.shape[0], -1)
    raise ValueError(cls)


def reference(model, x):
    y = np.float64(x)
    for layer in model["layers"]:
        y = run_layer(layer, y)
    return y


# ---- model descriptions -------------------------------------------------------------------------------------------

def layer(cls, name, config, weights=()):
    return {"class_name": cls, "name": name, "config": config, "weights": list(weights)}


def rnn(cls, name, units, inputs, **cfg):
    k = 4 if cls == "LSTM" else 3 if cls == "GRU" else 1
    ws = [weight(inputs, k * units), weight(units, k * units)]
    if cfg.get("use_bias", True):
        if cls == "GRU" and cfg.get("reset_after", True):
            ws.append(weight(2, k * units, scale=0.3))
        else:
            ws.append(weight(k * units, scale=0.3))
    return layer(cls, name, dict(units=units, **cfg), ws)


def bidirectional(name, inner, merge_mode="concat"):
    backward = rnn(inner["class_name"], "backward_" + inner["name"], inner["config"]["units"],
                   inner["weights"][0].shape[0], **{**{k: v for k, v in inner["config"].items() if k != "units"},
                                                    "go_backwards": True})
    forward = dict(inner, name="forward_" + inner["name"])
    b = layer("Bidirectional", name, {"merge_mode": merge_mode})
    b["forward"], b["backward"], b["inner"] = forward, backward, inner
    b["weights"] = forward["weights"] + backward["weights"]
    return b


def time_distributed(name, inner):
    t = layer("TimeDistributed", name, {}, inner["weights"])
    t["inner"] = inner
    return t


def models():
    """Small models covering every supported layer; batch 2."""
    out = {}
    out["dense"] = dict(input=[4], layers=[
        layer("Dense", "dense", dict(units=5, activation="tanh"), [weight(4, 5), weight(5, scale=0.3)]),
        layer("Dense", "dense_1", dict(units=3), [weight(5, 3), weight(3, scale=0.3)]),
        layer("Activation", "activation", dict(activation="softmax"))])
    out["embedding_lstm"] = dict(input=[6], int_input=10, layers=[
        layer("Embedding", "embedding", dict(input_dim=10, output_dim=4), [weight(10, 4, scale=1.0)]),
        rnn("LSTM", "lstm", 5, 4, return_sequences=True),
        rnn("LSTM", "lstm_1", 3, 5),
        layer("Dense", "dense", dict(units=2, activation="sigmoid"), [weight(3, 2), weight(2, scale=0.3)])])
    out["simple_rnn"] = dict(input=[5, 3], layers=[
        rnn("SimpleRNN", "simple_rnn", 4, 3, return_sequences=True),
        layer("Dropout", "dropout", dict(rate=0.5)),
        rnn("SimpleRNN", "simple_rnn_1", 3, 4, activation="relu", go_backwards=True),
        layer("Activation", "activation", dict(activation="tanh"))])
    out["gru_reset_after"] = dict(input=[5, 3], layers=[
        rnn("GRU", "gru", 4, 3, return_sequences=True),
        rnn("GRU", "gru_1", 3, 4, reset_after=True)])
    out["gru_reset_before"] = dict(input=[5, 3], layers=[
        rnn("GRU", "gru", 4, 3, reset_after=False, return_sequences=True),
        rnn("GRU", "gru_1", 3, 4, reset_after=False, go_backwards=True)])
    out["bidirectional"] = dict(input=[5, 3], layers=[
        bidirectional("bidirectional", rnn("LSTM", "lstm", 4, 3, return_sequences=True)),
        bidirectional("bidirectional_1", rnn("GRU", "gru", 3, 8), merge_mode="sum"),
        layer("Dense", "dense", dict(units=2), [weight(3, 2), weight(2, scale=0.3)])])
    out["time_distributed"] = dict(input=[4, 6, 6, 2], layers=[
        time_distributed("time_distributed", layer("Conv2D", "conv2d", dict(
            filters=3, kernel_size=[3, 3], activation="relu"), [weight(3, 3, 2, 3), weight(3, scale=0.3)])),
        time_distributed("time_distributed_1", layer("MaxPooling2D", "max_pooling2d", dict(pool_size=[2, 2]))),
        time_distributed("time_distributed_2", layer("Flatten", "flatten", {})),
        rnn("SimpleRNN", "simple_rnn", 4, 12, return_sequences=True),
        time_distributed("time_distributed_3", layer("Dense", "dense", dict(units=2), [weight(4, 2),
                                                                                       weight(2, scale=0.3)]))])
    out["conv"] = dict(input=[7, 6, 2], layers=[
        layer("Conv2D", "conv2d", dict(filters=4, kernel_size=[3, 3], activation="relu"),
              [weight(3, 3, 2, 4), weight(4, scale=0.3)]),
        layer("Conv2D", "conv2d_1", dict(filters=2, kernel_size=[2, 2], strides=[1, 2], use_bias=False),
              [weight(2, 2, 4, 2)]),
        layer("MaxPooling2D", "max_pooling2d", dict(pool_size=[2, 2])),
        layer("Flatten", "flatten", {}),
        layer("Dense", "dense", dict(units=3), [weight(4, 3), weight(3, scale=0.3)])])
    return out


# ---- configs, in the two dialects ---------------------------------------------------------------------------------

DTYPE_POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                "registered_name": None}


def init(k3, cls, config):
    if k3:
        return {"module": "keras.initializers", "class_name": cls, "config": config, "registered_name": None}
    return {"class_name": cls, "config": config}


def config_of(lay, k3, first_shape=None, new_format=True):
    """The layer's get_config(): keras 3.13 (k3) or tf.keras 2.15 (not k3)."""
    cls, c = lay["class_name"], lay["config"]
    base = {"name": lay["name"], "trainable": True, "dtype": DTYPE_POLICY if k3 else "float32"}
    if first_shape is not None and not k3:
        base["batch_input_shape"] = [None] + first_shape
    ini = (lambda *a: init(k3, *a)) if new_format or k3 else (lambda cl, cf: {"class_name": cl, "config": cf})
    glorot, zeros = ini("GlorotUniform", {"seed": None}), ini("Zeros", {})
    if cls == "Dense":
        cfg = dict(units=c["units"], activation=c.get("activation", "linear"), use_bias=c.get("use_bias", True),
                   kernel_initializer=glorot, bias_initializer=zeros, kernel_regularizer=None, bias_regularizer=None,
                   kernel_constraint=None, bias_constraint=None)
        if k3:
            cfg["quantization_config"] = None
        else:
            cfg["activity_regularizer"] = None
    elif cls == "Embedding":
        cfg = dict(input_dim=c["input_dim"], output_dim=c["output_dim"],
                   embeddings_initializer=ini("RandomUniform", {"minval": -0.05, "maxval": 0.05, "seed": None}),
                   embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None, mask_zero=False)
        if k3:
            cfg["quantization_config"] = None
        else:
            cfg["input_length"] = None
    elif cls in ("SimpleRNN", "LSTM", "GRU"):
        cfg = dict(return_sequences=c.get("return_sequences", False), return_state=False,
                   go_backwards=c.get("go_backwards", False), stateful=False, unroll=False)
        if k3:
            cfg["zero_output_for_mask"] = False
        else:
            cfg["time_major"] = False
        cfg.update(units=c["units"], activation=c.get("activation", "tanh"))
        if cls != "SimpleRNN":
            cfg["recurrent_activation"] = c.get("recurrent_activation", "sigmoid")
        cfg.update(use_bias=c.get("use_bias", True), kernel_initializer=glorot,
                   recurrent_initializer=ini("Orthogonal", {"gain": 1.0, "seed": None}), bias_initializer=zeros)
        if cls == "LSTM":
            cfg["unit_forget_bias"] = True
        cfg.update(kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                   activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                   dropout=0.0, recurrent_dropout=0.0)
        if cls == "GRU":
            cfg["reset_after"] = c.get("reset_after", True)
        if k3:
            cfg["seed"] = None
        elif cls != "SimpleRNN":
            cfg["implementation"] = 2
    elif cls == "Dropout":
        cfg = dict(rate=c["rate"], noise_shape=None, seed=None)
    elif cls == "Activation":
        cfg = dict(activation=c["activation"])
    elif cls == "Conv2D":
        cfg = dict(filters=c["filters"], kernel_size=c["kernel_size"], strides=c.get("strides", [1, 1]),
                   padding="valid", data_format="channels_last", dilation_rate=[1, 1], groups=1,
                   activation=c.get("activation", "linear"), use_bias=c.get("use_bias", True),
                   kernel_initializer=glorot, bias_initializer=zeros, kernel_regularizer=None, bias_regularizer=None,
                   activity_regularizer=None, kernel_constraint=None, bias_constraint=None)
    elif cls == "MaxPooling2D":
        cfg = dict(pool_size=c["pool_size"], padding="valid", strides=c["pool_size"], data_format="channels_last")
    elif cls == "Flatten":
        cfg = dict(data_format="channels_last")
    elif cls == "Bidirectional":
        cfg = dict(merge_mode=c["merge_mode"], layer=spec(lay["inner"], k3, None, new_format))
        if k3:
            cfg["backward_layer"] = spec(lay["backward"], k3, None, new_format)
    elif cls == "TimeDistributed":
        cfg = dict(layer=spec(lay["inner"], k3, None, new_format))
    else:
        raise ValueError(cls)
    return {**base, **cfg}


def spec(lay, k3, first_shape=None, new_format=True, build_shape=None):
    s = {"class_name": lay["class_name"], "config": config_of(lay, k3, first_shape, new_format)}
    if new_format:
        s = {"module": "keras.layers", **s, "registered_name": None}
        if build_shape is not None:
            s["build_config"] = {"input_shape": build_shape}
    return s


def shapes(model):
    """The batch input shape of each layer, [None, ...]."""
    x = np.zeros([1] + model["input"])
    out = []
    for lay in model["layers"]:
        out.append([None] + list(x.shape[1:]))
        x = run_layer(lay, x)
    return out


def model_config(model, dialect):
    """Sequential.get_config() wrapped: dialect 'k3' (keras 3.13), 'tf2' (tf.keras 2.15 .keras), 'legacy' (.h5)."""
    k3 = dialect == "k3"
    new_format = dialect != "legacy"
    batch = [None] + model["input"]
    in_shapes = shapes(model) if new_format else None
    if k3:
        inp = {"module": "keras.layers", "class_name": "InputLayer", "config": {
            "batch_shape": batch, "dtype": "float32", "sparse": False, "name": "input_layer"}, "registered_name": None}
    else:
        inp = {"class_name": "InputLayer", "config": {"batch_input_shape": batch, "dtype": "float32", "sparse": False,
                                                      "ragged": False, "name": model["layers"][0]["name"] + "_input"}}
        if new_format:
            inp = {"module": "keras.layers", **inp, "registered_name": None}
    layers = [inp]
    for i, lay in enumerate(model["layers"]):
        layers.append(spec(lay, k3, model["input"] if i == 0 else None, new_format,
                           in_shapes[i] if new_format else None))
    config = {"name": "sequential", "layers": layers}
    if new_format:
        config = {"name": "sequential", "trainable": True, "dtype": DTYPE_POLICY if k3 else "float32",
                  "layers": layers, "build_input_shape": batch}
        return {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None,
                "build_config": {"input_shape": batch}}
    return {"class_name": "Sequential", "config": config}


# ---- writers ------------------------------------------------------------------------------------------------------

def snake(cls):
    return {"Dense": "dense", "Embedding": "embedding", "Dropout": "dropout", "Activation": "activation",
            "SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru", "Bidirectional": "bidirectional",
            "TimeDistributed": "time_distributed", "Conv2D": "conv2d", "MaxPooling2D": "max_pooling2d",
            "Flatten": "flatten"}[cls]


def write_vars(h5, path, weights, name):
    g = (h5.require_group(path) if path else h5).create_group("vars")
    g.attrs["name"] = name
    for i, w in enumerate(weights):
        g.create_dataset(str(i), data=w, track_times=False)


def write_layer_state(h5, path, lay):
    """saving_lib._save_state of one layer: its own vars, then its saveable attributes."""
    cls = lay["class_name"]
    if cls in ("SimpleRNN", "LSTM", "GRU"):
        write_vars(h5, path, [], lay["name"])
        write_vars(h5, path + "/cell", lay["weights"], lay["name"] + "_cell")
    elif cls == "Bidirectional":
        write_vars(h5, path, [], lay["name"])
        write_layer_state(h5, path + "/backward_layer", lay["backward"])
        write_layer_state(h5, path + "/forward_layer", lay["forward"])
    elif cls == "TimeDistributed":
        write_vars(h5, path, [], lay["name"])
        write_layer_state(h5, path + "/layer", lay["inner"])
    else:
        write_vars(h5, path, lay["weights"], lay["name"])


def weights_h5(model, root, optimizer=False):
    buf = io.BytesIO()
    with h5py.File(buf, "w", track_order=False) as h5:
        write_vars(h5, "", [], "sequential")
        used = {}
        for lay in model["layers"]:
            s = snake(lay["class_name"])
            n = used.get(s, -1) + 1
            used[s] = n
            write_layer_state(h5, root + "/" + (s if n == 0 else "%s_%d" % (s, n)), lay)
        if optimizer:
            g = h5.create_group("optimizer").create_group("vars")
            g.create_dataset("0", data=np.int64(10))
            g.create_dataset("1", data=np.float32(0.001))
    return buf.getvalue()


def write_keras(path, model, dialect, compression=zipfile.ZIP_DEFLATED, optimizer=False, weights=None, config=None,
                root=None):
    k3 = dialect == "k3"
    meta = {"keras_version": "3.13.0" if k3 else "2.13.1" if root is None else "2.15.0",
            "date_saved": "2026-12-05@12:00:00"}
    config = config or model_config(model, dialect)
    if optimizer:
        config["compile_config"] = {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {
            "name": "adam", "learning_rate": 0.001}, "registered_name": None}, "loss": "mse", "loss_weights": None,
            "metrics": None, "weighted_metrics": None, "run_eagerly": False, "steps_per_execution": 1,
            "jit_compile": False}
    if weights is None:
        weights = weights_h5(model, root or ("layers" if k3 else "_layer_checkpoint_dependencies"), optimizer)
    with zipfile.ZipFile(path, "w", compression) as zf:
        zinfo = lambda n: zipfile.ZipInfo(n, date_time=(2026, 12, 5, 12, 0, 0))
        for name, data in (("metadata.json", json.dumps(meta)), ("config.json", json.dumps(config)),
                           ("model.weights.h5", weights)):
            zi = zinfo(name)
            zi.compress_type = compression
            zf.writestr(zi, data)


def legacy_weight_names(lay, prefix=None):
    """tf.keras 2.15 variable names (Variable.name) of a layer, in trainable_weights order."""
    cls, name = lay["class_name"], lay["name"]
    prefix = prefix or name
    if cls in ("SimpleRNN", "LSTM", "GRU"):
        cell = {"SimpleRNN": "simple_rnn_cell", "LSTM": "lstm_cell", "GRU": "gru_cell"}[cls]
        return ["%s/%s/%s:0" % (prefix, cell, w) for w in ("kernel", "recurrent_kernel", "bias")][:len(lay["weights"])]
    if cls == "Bidirectional":
        return legacy_weight_names(lay["forward"], name + "/" + lay["forward"]["name"]) + legacy_weight_names(
            lay["backward"], name + "/" + lay["backward"]["name"])
    if cls == "TimeDistributed":
        return legacy_weight_names(lay["inner"], name)
    if cls == "Embedding":
        return ["%s/embeddings:0" % prefix]
    return ["%s/%s:0" % (prefix, w) for w in ("kernel", "bias")][:len(lay["weights"])]


def write_h5(path, model, config=None):
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow".encode()
        f.attrs["keras_version"] = "2.15.0".encode()
        f.attrs["model_config"] = json.dumps(config or model_config(model, "legacy")).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.asarray([l["name"].encode("utf8") for l in model["layers"]])
        g.attrs["backend"] = "tensorflow".encode()
        g.attrs["keras_version"] = "2.15.0".encode()
        for lay in sorted(model["layers"], key=lambda l: l["name"]):
            lg = g.create_group(lay["name"])
            names = legacy_weight_names(lay) if lay["weights"] else []
            lg.attrs["weight_names"] = np.asarray([n.encode("utf8") for n in names])
            for n, w in zip(names, lay["weights"]):
                lg.create_dataset(n, data=w, track_times=False)


def tensor_json(a):
    return {"shape": list(a.shape), "data": [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]}


def write_expected(path, x, y, source):
    with open(path, "w") as f:
        json.dump({"source": source, "input": tensor_json(x), "output": tensor_json(y)}, f)
        f.write("\n")


# ---- TF.js cross-check --------------------------------------------------------------------------------------------

TFJS_CASES = ["lstm_seq", "gru_reset_before_seq", "simple_rnn_tanh_seq", "dense_tanh", "conv2d_valid",
              "time_distributed_dense"]


def tfjs_model(name):
    d = json.load(open(os.path.join(TFJS, name + ".json")))
    cls, cfg = d["layer"]["class_name"], dict(d["layer"]["config"])
    ws = [np.asarray(w["tensor"]["data"], dtype=np.float32).reshape(w["tensor"]["shape"]) for w in d["weights"]]
    x = np.asarray(d["input"]["data"], dtype=np.float32).reshape(d["input"]["shape"])
    y = np.asarray(d["outputs"][0]["tensor"]["data"], dtype=np.float64).reshape(d["outputs"][0]["tensor"]["shape"])
    if cls == "TimeDistributed":
        inner = cfg["layer"]
        lay = time_distributed("time_distributed", layer(inner["class_name"], "dense", dict(inner["config"]), ws))
    else:
        for k in ("data_format", "padding"):
            cfg.pop(k, None)
        lay = layer(cls, snake(cls), cfg, ws)
    return dict(input=list(x.shape[1:]), layers=[lay]), x, y


# ---- hostile files ------------------------------------------------------------------------------------------------

def hostile(models_):
    """Damaged files: each must fail with KerasFormatException naming what was expected and found."""
    lstm = models_["embedding_lstm"]
    # An int32 dataset where the LSTM kernel (float32) belongs.
    buf = weights_h5(lstm, "layers")
    write_keras(os.path.join(OUT, "hostile_wrong_dtype.keras"), lstm, "k3",
                weights=patch_h5(buf, "layers/lstm/cell/vars/0", lambda w: w.astype(np.int32)))
    # An LSTM recurrent kernel with 3 gate blocks instead of 4.
    write_keras(os.path.join(OUT, "hostile_gate_shape.keras"), lstm, "k3",
                weights=patch_h5(buf, "layers/lstm/cell/vars/1", lambda w: w[:, :15]))
    # The config says 7 units where the weights have 5.
    for dialect, suffix in (("k3", ".keras"), ("legacy", ".h5")):
        config = model_config(lstm, dialect)
        config["config"]["layers"][2]["config"]["units"] = 7
        target = os.path.join(OUT, "hostile_config_mismatch" + suffix)
        if suffix == ".keras":
            write_keras(target, lstm, "k3", weights=buf, config=config)
        else:
            write_h5(target, lstm, config=config)
    # The cell group of the second LSTM is missing.
    write_keras(os.path.join(OUT, "hostile_missing_vars.keras"), lstm, "k3",
                weights=patch_h5(buf, "layers/lstm_1/cell", None))
    # A 1 KB-ish file whose Dense kernel claims 10^6 x 10^6 float32 (storage never allocated by HDF5).
    dense = dict(input=[1000000], layers=[layer("Dense", "dense", dict(units=1000000), [])])
    with h5py.File(os.path.join(OUT, "hostile_huge_claim.h5"), "w") as f:
        f.attrs["model_config"] = json.dumps(model_config(dense, "legacy")).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.asarray([b"dense"])
        lg = g.create_group("dense")
        lg.attrs["weight_names"] = np.asarray([b"dense/kernel:0", b"dense/bias:0"])
        lg.create_dataset("dense/kernel:0", shape=(1000000, 1000000), dtype=np.float32)
        lg.create_dataset("dense/bias:0", shape=(1000000,), dtype=np.float32)
    # A kernel of 2^28 float32 (1 GiB), under the element cap, whose storage the file never allocated.
    wide = dict(input=[16384], layers=[layer("Dense", "dense", dict(units=16384), [])])
    with h5py.File(os.path.join(OUT, "hostile_unbacked_claim.h5"), "w") as f:
        f.attrs["model_config"] = json.dumps(model_config(wide, "legacy")).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.asarray([b"dense"])
        lg = g.create_group("dense")
        lg.attrs["weight_names"] = np.asarray([b"dense/kernel:0", b"dense/bias:0"])
        lg.create_dataset("dense/kernel:0", shape=(16384, 16384), dtype=np.float32)
        lg.create_dataset("dense/bias:0", shape=(16384,), dtype=np.float32)
    # A hard link from a layer's group back to the root: a cycle in the HDF5 tree.
    cyclic = io.BytesIO(weights_h5(models_["dense"], "layers"))
    with h5py.File(cyclic, "a") as f:
        f["layers/dense/loop"] = f["layers"]
    write_keras(os.path.join(OUT, "hostile_cycle.keras"), models_["dense"], "k3", weights=cyclic.getvalue())
    # An unknown layer class.
    unknown = model_config(models_["dense"], "k3")
    unknown["config"]["layers"][2]["class_name"] = "LayerNormalization"
    with zipfile.ZipFile(os.path.join(OUT, "hostile_unknown_layer.keras"), "w") as zf:
        zf.writestr(zipfile.ZipInfo("metadata.json", (2026, 12, 5, 12, 0, 0)), json.dumps({"keras_version": "3.13.0"}))
        zf.writestr(zipfile.ZipInfo("config.json", (2026, 12, 5, 12, 0, 0)), json.dumps(unknown))
        zf.writestr(zipfile.ZipInfo("model.weights.h5", (2026, 12, 5, 12, 0, 0)), weights_h5(models_["dense"], "layers"))


def patch_h5(data, path, change):
    """A copy of the HDF5 image with the dataset at path changed (or the node removed when change is None)."""
    src = h5py.File(io.BytesIO(data), "r")
    buf = io.BytesIO()
    with h5py.File(buf, "w") as dst:
        def copy(name, obj):
            if name == path or name.startswith(path + "/"):
                if change is not None and isinstance(obj, h5py.Dataset) and name == path:
                    dst.create_dataset(name, data=change(obj[()]))
                return
            if isinstance(obj, h5py.Dataset):
                dst.create_dataset(name, data=obj[()])
            else:
                dst.require_group(name)
            for k, v in obj.attrs.items():
                dst[name].attrs[k] = v
        src.visititems(copy)
    src.close()
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    ms = models()
    for name, model in ms.items():
        shape = [2] + model["input"]
        if "int_input" in model:
            x = rng.integers(0, model["int_input"], shape).astype(np.float32)
        else:
            x = rng.uniform(-1, 1, shape).astype(np.float32)
        y = reference(model, x)
        # Keras writes stored entries (zipfile's default); two models keep that, the others are deflated to keep
        # the fixtures small (the importer reads both).
        stored = name in ("dense", "embedding_lstm")
        write_keras(os.path.join(OUT, name + ".keras"), model, "k3", optimizer=(name == "embedding_lstm"),
                    compression=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        write_keras(os.path.join(OUT, name + ".tf213.keras"), model, "tf2")
        write_keras(os.path.join(OUT, name + ".tf215.keras"), model, "tf2", root="layers")
        write_h5(os.path.join(OUT, name + ".h5"), model)
        write_expected(os.path.join(OUT, name + ".json"), x, y, "float64 NumPy reference (keras_fixtures.py)")
    # A legacy config without an InputLayer, the input shape only in the first layer's batch_input_shape (older
    # tf.keras Sequential configs); expected output: dense.json.
    config = model_config(ms["dense"], "legacy")
    del config["config"]["layers"][0]
    write_h5(os.path.join(OUT, "dense.no_input_layer.h5"), ms["dense"], config=config)
    worst = 0.0
    for case in TFJS_CASES:
        model, x, y = tfjs_model(case)
        mine = reference(model, x)
        err = float(np.max(np.abs(mine - y)))
        worst = max(worst, err)
        assert err <= 1e-5, "%s: the NumPy reference and TF.js differ by %g" % (case, err)
        write_keras(os.path.join(OUT, "tfjs_" + case + ".keras"), model, "k3")
        write_expected(os.path.join(OUT, "tfjs_" + case + ".json"), x, y,
                       "TF.js 4.22.0 output, models/src/test/resources/keras-fixtures/" + case + ".json")
    print("TF.js cross-check: %d cases, max |numpy - tfjs| = %.3g" % (len(TFJS_CASES), worst))
    hostile(ms)


if __name__ == "__main__":
    main()
