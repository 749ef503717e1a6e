#!/usr/bin/env node
// Writes the Keras-semantics fixtures of vectorgrad's models module with TensorFlow.js
// (@tensorflow/tfjs 4.22.0, pure JavaScript, CPU backend). See README.md in this directory.
//
// Every number is drawn from a seeded PRNG (mulberry32, seeded from the case name) and rounded
// to float32, so a rerun writes the same bytes. Usage: node generate.js [output directory]

'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'models', 'src', 'test', 'resources', 'keras-fixtures'));
const TFJS_VERSION = tf.version.tfjs;
if (TFJS_VERSION !== '4.22.0') {
  throw new Error(`expected @tensorflow/tfjs 4.22.0, found ${TFJS_VERSION}: run npm ci`);
}

// ---------------------------------------------------------------------------------------------
// Deterministic numbers

/** FNV-1a hash of a string, as an unsigned 32-bit seed. */
function seedOf(name) {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small 32-bit PRNG; next() is uniform in [0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

function size(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** float32 values uniform in [lo, hi). */
function uniform(r, shape, lo, hi) {
  const out = new Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.fround(lo + (hi - lo) * r.next());
  }
  return out;
}

/** Integers uniform in [0, n). */
function ints(r, shape, n) {
  const out = new Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.floor(r.next() * n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON output

/** The shortest decimal text that reads back (through double, then float) as the float32 x. */
function f32(x) {
  if (!Number.isFinite(x)) {
    throw new Error(`non-finite value ${x}`);
  }
  if (Object.is(x, -0)) {
    return '-0.0';
  }
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) {
      return String(Number(s));
    }
  }
  throw new Error(`no float32 text for ${x}`);
}

/** A tensor record: shape and flat row-major data (float32, or int32 when ints is true). */
function rec(shape, data, isInt) {
  return { shape: shape.slice(), dtype: isInt ? 'int32' : 'float32', data: Array.from(data) };
}

function recOf(t) {
  return rec(t.shape, t.dataSync(), t.dtype === 'int32');
}

/** JSON with tensor data on one line each, numbers written as float32 text. */
function stringify(value, indent) {
  indent = indent || '';
  const next = indent + '  ';
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 24) {
      return String(value);
    }
    // float32 results as their shortest float32 text; parameters such as 0.1 or 1e-7 as doubles.
    return Math.fround(value) === value ? f32(value) : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) {
      return '[' + value.map((v) => stringify(v)).join(', ') + ']';
    }
    if (value.length === 0) {
      return '[]';
    }
    return '[\n' + value.map((v) => next + stringify(v, next)).join(',\n') + '\n' + indent + ']';
  }
  if (value.dtype !== undefined && value.data !== undefined && value.shape !== undefined) {
    const data = value.dtype === 'int32' ? value.data.map((v) => String(v)) : value.data.map(f32);
    return `{"shape": ${JSON.stringify(value.shape)}, "dtype": "${value.dtype}", "data": [${data.join(', ')}]}`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    return '{}';
  }
  return '{\n' + keys.map((k) => next + JSON.stringify(k) + ': ' + stringify(value[k], next)).join(',\n') + '\n' + indent + '}';
}

const written = [];

function write(name, group, body) {
  const doc = Object.assign({
    fixture_format: 1,
    name,
    group,
    generator: 'tools/keras-fixtures/generate.js',
    tfjs_version: TFJS_VERSION,
    backend: tf.getBackend(),
  }, body);
  fs.writeFileSync(path.join(OUT, name + '.json'), stringify(doc) + '\n');
  written.push({ name, group });
}

// ---------------------------------------------------------------------------------------------
// Keras config (snake_case) to TF.js arguments (camelCase)

const ACTIVATIONS = { hard_sigmoid: 'hardSigmoid' };
const DATA_FORMATS = { channels_last: 'channelsLast', channels_first: 'channelsFirst' };

function camel(key) {
  return key.replace(/_([a-z])/g, (m, c) => c.toUpperCase());
}

function tfjsArgs(config) {
  const args = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'activation' || k === 'recurrent_activation') {
      args[camel(k)] = ACTIVATIONS[v] || v;
    } else {
      args[camel(k)] = k === 'data_format' ? DATA_FORMATS[v] : v;
    }
  }
  return args;
}

function makeLayer(className, config) {
  const args = tfjsArgs(config);
  switch (className) {
    case 'Dense': return tf.layers.dense(args);
    case 'Activation': return tf.layers.activation(args);
    case 'Embedding': return tf.layers.embedding(args);
    case 'SimpleRNN': return tf.layers.simpleRNN(args);
    case 'LSTM': return tf.layers.lstm(args);
    case 'GRU': return tf.layers.gru(args);
    case 'Conv2D': return tf.layers.conv2d(args);
    case 'MaxPooling2D': return tf.layers.maxPooling2d(args);
    case 'AveragePooling2D': return tf.layers.averagePooling2d(args);
    case 'Flatten': return tf.layers.flatten(args);
    default: throw new Error(`unknown layer ${className}`);
  }
}

/** The Keras names of a layer's weights, in Keras's order. */
function weightNames(className, config) {
  switch (className) {
    case 'Dense': return config.use_bias === false ? ['kernel'] : ['kernel', 'bias'];
    case 'Activation': return [];
    case 'Embedding': return ['embeddings'];
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': return config.use_bias === false ? ['kernel', 'recurrent_kernel'] : ['kernel', 'recurrent_kernel', 'bias'];
    case 'Conv2D': return config.use_bias === false ? ['kernel'] : ['kernel', 'bias'];
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'Flatten': return [];
    default: throw new Error(`unknown layer ${className}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Layer fixtures

const LOSS_TEXT = 'loss = sum over k of sum(outputs[k].data * loss_weights[k].data) (elementwise product, summed over '
  + 'all elements, outputs in the order listed); gradients are d loss / d input and d loss / d each weight';

/**
 * A layer fixture: builds the layer on the input, sets the given weights, runs it, and takes the
 * gradients of the fixed scalar loss with respect to the input (float inputs) and every weight.
 */
function layerCase(spec) {
  const r = rng(seedOf(spec.name));
  const { className } = spec;
  const inner = spec.inner; // Bidirectional, TimeDistributed: { class_name, config }
  const isInt = className === 'Embedding';
  const xData = isInt ? ints(r, spec.inputShape, spec.config.input_dim) : uniform(r, spec.inputShape, -1, 1);
  const x = isInt ? tf.tensor(xData, spec.inputShape, 'int32')
    : tf.variable(tf.tensor(xData, spec.inputShape), true, `x_${spec.name}`);

  let layer;
  let names;
  if (className === 'Bidirectional') {
    const innerLayer = makeLayer(inner.class_name, inner.config);
    layer = tf.layers.bidirectional({ layer: innerLayer, mergeMode: spec.config.merge_mode });
    const n = weightNames(inner.class_name, inner.config);
    names = n.map((w) => 'forward_layer/' + w).concat(n.map((w) => 'backward_layer/' + w));
  } else if (className === 'TimeDistributed') {
    layer = tf.layers.timeDistributed({ layer: makeLayer(inner.class_name, inner.config) });
    names = weightNames(inner.class_name, inner.config).map((w) => 'layer/' + w);
  } else {
    layer = makeLayer(className, spec.config);
    names = weightNames(className, spec.config);
  }
  layer.apply(x); // builds the layer
  const shapes = layer.getWeights().map((w) => w.shape);
  if (shapes.length !== names.length) {
    throw new Error(`${spec.name}: ${shapes.length} weights, expected ${names.join(', ')}`);
  }
  const weights = shapes.map((s, i) => {
    const data = names[i] === 'embeddings' ? uniform(r, s, -1, 1) : uniform(r, s, -spec.scale, spec.scale);
    return { name: names[i], shape: s, data };
  });
  layer.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));

  let outputs = layer.apply(x);
  if (!Array.isArray(outputs)) {
    outputs = [outputs];
  }
  const outNames = outputs.length === 1 ? ['output']
    : (outputs.length === 2 ? ['output', 'state_h'] : ['output', 'state_h', 'state_c']);
  const lossWeights = outputs.map((o) => uniform(r, o.shape, -1, 1));

  const vars = [];
  if (!isInt) {
    vars.push(x);
  }
  const trainable = className === 'Bidirectional'
    ? layer.forwardLayer.trainableWeights.concat(layer.backwardLayer.trainableWeights)
    : layer.trainableWeights;
  const weightVars = trainable.map((w) => w.read());
  vars.push(...weightVars);
  const { value, grads } = tf.variableGrads(() => {
    let outs = layer.apply(x);
    if (!Array.isArray(outs)) {
      outs = [outs];
    }
    let total = tf.scalar(0);
    outs.forEach((o, k) => {
      total = tf.add(total, tf.sum(tf.mul(o, tf.tensor(lossWeights[k], o.shape))));
    });
    return total;
  }, vars);

  const body = {
    description: spec.description,
    layer: inner !== undefined
      ? { class_name: className, config: Object.assign({}, spec.config, { layer: inner }) }
      : { class_name: className, config: spec.config },
    notes: spec.notes || [],
    input: rec(spec.inputShape, xData, isInt),
    weights: weights.map((w) => ({ name: w.name, tensor: rec(w.shape, w.data) })),
    outputs: outputs.map((o, k) => ({ name: outNames[k], tensor: recOf(o) })),
    loss: {
      formula: LOSS_TEXT,
      loss_weights: outputs.map((o, k) => ({ name: outNames[k], tensor: rec(o.shape, lossWeights[k]) })),
      value: value.dataSync()[0],
    },
    gradients: {
      input: isInt ? null : recOf(grads[x.name]),
      weights: weights.map((w, i) => ({ name: w.name, tensor: recOf(grads[weightVars[i].name]) })),
    },
  };
  write(spec.name, spec.group, body);
}

function rnnConfig(units, extra) {
  return Object.assign({ units }, extra);
}

const LAYER_CASES = [];

// Dense: input [3, 4] (and one rank-3 input), 3 units.
for (const act of ['linear', 'relu', 'softmax', 'sigmoid', 'tanh']) {
  for (const useBias of [true, false]) {
    LAYER_CASES.push({
      name: `dense_${act}${useBias ? '' : '_nobias'}`, group: 'dense', className: 'Dense',
      config: { units: 3, activation: act, use_bias: useBias }, inputShape: [3, 4], scale: 1,
      description: `Dense(3, activation=${act}, use_bias=${useBias}) on a [3, 4] input`,
    });
  }
}
LAYER_CASES.push({
  name: 'dense_tanh_rank3', group: 'dense', className: 'Dense',
  config: { units: 3, activation: 'tanh', use_bias: true }, inputShape: [2, 3, 4], scale: 1,
  description: 'Dense(3, tanh) on a rank-3 [2, 3, 4] input: applied to the last axis',
});

// Activation: input [2, 3, 4].
for (const act of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'hard_sigmoid']) {
  LAYER_CASES.push({
    name: act === 'hard_sigmoid' ? 'activation_hard_sigmoid_keras2' : `activation_${act}`,
    group: 'activation', className: 'Activation', config: { activation: act }, inputShape: [2, 3, 4], scale: 1,
    description: `Activation(${act}) on a [2, 3, 4] input (softmax over the last axis)`,
    notes: act === 'hard_sigmoid'
      ? ['TF.js hard_sigmoid is Keras 2\'s clip(0.2 * x + 0.5, 0, 1); Keras 3\'s is clip(x / 6 + 0.5, 0, 1): this '
        + 'fixture pins the Keras 2 formula, not Keras 3\'s']
      : [],
  });
}

// Embedding: ids [3, 4] in [0, 7), 7 x 5 table.
LAYER_CASES.push({
  name: 'embedding', group: 'embedding', className: 'Embedding',
  config: { input_dim: 7, output_dim: 5 }, inputShape: [3, 4], scale: 1,
  description: 'Embedding(7, 5) on int ids [3, 4]; the ids repeat, so gradient rows accumulate',
});

// Recurrent layers: batch 2, 3 time steps, 4 features, 3 units.
const X_RNN = [2, 3, 4];
function rnnCases(className, prefix, base, group, extraNotes) {
  const variants = [
    ['', { return_sequences: false }],
    ['_seq', { return_sequences: true }],
    ['_backwards', { return_sequences: true, go_backwards: true }],
    ['_backwards_last', { return_sequences: false, go_backwards: true }],
    ['_state', { return_sequences: true, return_state: true }],
  ];
  for (const [suffix, flags] of variants) {
    const config = rnnConfig(3, Object.assign({}, base, flags));
    LAYER_CASES.push({
      name: prefix + suffix, group, className, config, inputShape: X_RNN, scale: 0.5,
      description: `${className}(${JSON.stringify(config)}) on a [2, 3, 4] input`,
      notes: extraNotes.concat(flags.go_backwards
        ? ['go_backwards: the input is processed from the last step to the first and the output sequence is in '
          + 'processing order (output[:, 0] is the step that saw x[:, T-1])']
        : []),
    });
  }
}
rnnCases('SimpleRNN', 'simple_rnn_tanh', { activation: 'tanh' }, 'simple_rnn', []);
rnnCases('SimpleRNN', 'simple_rnn_relu', { activation: 'relu' }, 'simple_rnn', []);
LAYER_CASES.push({
  name: 'simple_rnn_nobias', group: 'simple_rnn', className: 'SimpleRNN', inputShape: X_RNN, scale: 0.5,
  config: rnnConfig(3, { activation: 'tanh', use_bias: false, return_sequences: true }),
  description: 'SimpleRNN(3, tanh, use_bias=False, return_sequences=True)',
});
const LSTM_NOTE = ['recurrent_activation is given explicitly: TF.js\'s default is hard_sigmoid (Keras 2), Keras 3\'s is sigmoid'];
rnnCases('LSTM', 'lstm', { activation: 'tanh', recurrent_activation: 'sigmoid' }, 'lstm', LSTM_NOTE);
LAYER_CASES.push({
  name: 'lstm_relu_seq', group: 'lstm', className: 'LSTM', inputShape: X_RNN, scale: 0.5,
  config: rnnConfig(3, { activation: 'relu', recurrent_activation: 'sigmoid', return_sequences: true }),
  description: 'LSTM(3, activation=relu) with return_sequences: relu for the candidate and for h = o * relu(c)',
  notes: LSTM_NOTE,
});
LAYER_CASES.push({
  name: 'lstm_nobias_seq', group: 'lstm', className: 'LSTM', inputShape: X_RNN, scale: 0.5,
  config: rnnConfig(3, { activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: false, return_sequences: true }),
  description: 'LSTM(3, use_bias=False) with return_sequences', notes: LSTM_NOTE,
});
LAYER_CASES.push({
  name: 'lstm_hard_sigmoid_keras2_seq', group: 'lstm', className: 'LSTM', inputShape: X_RNN, scale: 0.5,
  config: rnnConfig(3, { activation: 'tanh', recurrent_activation: 'hard_sigmoid', return_sequences: true }),
  description: 'LSTM(3, recurrent_activation=hard_sigmoid) with return_sequences, hard_sigmoid being TF.js\'s (Keras 2\'s) '
    + 'clip(0.2 * x + 0.5, 0, 1)',
  notes: ['Pins the Keras 2 / TF.js hard_sigmoid, NOT Keras 3\'s clip(x / 6 + 0.5, 0, 1)'],
});
const GRU_NOTE = ['reset_after=False (Keras 2.3 standalone / ONNX linear_before_reset=0): '
  + 'hh = activation(x K_h + b_h + (r * h) R_h); TF.js has no reset_after=True',
'recurrent_activation is given explicitly: TF.js\'s default is hard_sigmoid (Keras 2)'];
rnnCases('GRU', 'gru_reset_before', { activation: 'tanh', recurrent_activation: 'sigmoid', reset_after: false }, 'gru', GRU_NOTE);

// Bidirectional: LSTM in all merge modes, with and without return_sequences; SimpleRNN likewise.
for (const [innerName, innerClass, innerBase] of [
  ['lstm', 'LSTM', { activation: 'tanh', recurrent_activation: 'sigmoid' }],
  ['simple_rnn', 'SimpleRNN', { activation: 'tanh' }],
]) {
  for (const mode of ['concat', 'sum', 'mul', 'ave']) {
    for (const seq of [true, false]) {
      const innerConfig = rnnConfig(3, Object.assign({}, innerBase, { return_sequences: seq }));
      LAYER_CASES.push({
        name: `bidirectional_${innerName}_${mode}${seq ? '_seq' : ''}`, group: 'bidirectional',
        className: 'Bidirectional', config: { merge_mode: mode }, inner: { class_name: innerClass, config: innerConfig },
        inputShape: X_RNN, scale: 0.5,
        description: `Bidirectional(${innerClass}(3, return_sequences=${seq}), merge_mode=${mode}) on a [2, 3, 4] input`,
        notes: ['Weights: the forward layer\'s, then the backward layer\'s (a copy of the config with go_backwards '
          + 'flipped); with return_sequences the backward output is reversed in time before merging; '
          + 'ave = 0.5 * (forward + backward)'],
      });
    }
  }
}

// Conv2D (channels_last, kernel [kh, kw, in, filters]): valid and same (with an uneven pad), strides, several
// input and output channels, a non-square kernel, no bias, relu. Tiny images so the files stay small.
const CONV_NOTE = ['same padding is TensorFlow\'s: total pad max((out - 1) * stride + k - in, 0), the odd row or '
  + 'column at the bottom or right'];
for (const [name, config, inputShape, description] of [
  ['conv2d_valid', { filters: 2, kernel_size: [3, 3], padding: 'valid' }, [2, 5, 4, 3],
    'Conv2D(2, 3) valid on [2, 5, 4, 3]: 3 input channels, out 3x2'],
  ['conv2d_same_uneven', { filters: 3, kernel_size: [2, 2], padding: 'same' }, [1, 5, 4, 2],
    'Conv2D(3, 2, padding=same) on [1, 5, 4, 2]: pad 1 row and 1 column, both at the bottom / right'],
  ['conv2d_stride2_same', { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }, [1, 6, 5, 2],
    'Conv2D(2, 3, strides=2, padding=same) on [1, 6, 5, 2]: out 3x3, pad 1 row (bottom) and 2 columns (1 + 1)'],
  ['conv2d_stride2_valid', { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'valid' }, [2, 7, 6, 1],
    'Conv2D(2, 3, strides=2) valid on [2, 7, 6, 1]: out 3x2'],
  ['conv2d_nonsquare', { filters: 2, kernel_size: [3, 2], strides: [1, 2], padding: 'valid' }, [1, 5, 5, 2],
    'Conv2D(2, (3, 2), strides=(1, 2)) valid on [1, 5, 5, 2]: out 3x2'],
  ['conv2d_nobias_relu', { filters: 3, kernel_size: [2, 2], padding: 'valid', use_bias: false, activation: 'relu' },
    [2, 4, 4, 2], 'Conv2D(3, 2, activation=relu, use_bias=False) on [2, 4, 4, 2]'],
]) {
  LAYER_CASES.push({
    name, group: 'conv2d', className: 'Conv2D', inputShape, scale: 0.5, description, notes: CONV_NOTE,
    config: Object.assign({ activation: 'linear', use_bias: true, data_format: 'channels_last' }, config),
  });
}

// Pooling: valid, same with an uneven pad, strides different from the pool size.
for (const [className, prefix] of [['MaxPooling2D', 'max_pooling2d'], ['AveragePooling2D', 'average_pooling2d']]) {
  for (const [suffix, config, inputShape, what] of [
    ['_valid', { pool_size: [2, 2], padding: 'valid' }, [2, 5, 5, 2], 'pool 2 (strides = pool size) valid on [2, 5, 5, 2]: out 2x2'],
    ['_same_uneven', { pool_size: [2, 2], padding: 'same' }, [1, 5, 5, 2],
      'pool 2 (strides 2) same on [1, 5, 5, 2]: out 3x3, the padding row and column at the bottom / right'],
    ['_strides_valid', { pool_size: [3, 3], strides: [1, 1], padding: 'valid' }, [1, 5, 4, 2],
      'pool 3, strides 1 valid on [1, 5, 4, 2]: overlapping windows, out 3x2'],
    ['_strides_same', { pool_size: [3, 2], strides: [2, 1], padding: 'same' }, [1, 5, 4, 2],
      'pool (3, 2), strides (2, 1) same on [1, 5, 4, 2]: out 3x4, pad 2 rows (1 + 1) and 1 column (right)'],
  ]) {
    LAYER_CASES.push({
      name: prefix + suffix, group: prefix, className, inputShape, scale: 1,
      config: Object.assign({ data_format: 'channels_last' }, config), description: `${className}: ${what}`,
      notes: className === 'AveragePooling2D'
        ? ['a window clipped by same padding averages only its pixels inside the image (TensorFlow\'s rule)'] : [],
    });
  }
}

LAYER_CASES.push({
  name: 'flatten', group: 'flatten', className: 'Flatten', config: { data_format: 'channels_last' },
  inputShape: [2, 3, 2, 2], scale: 1, description: 'Flatten on [2, 3, 2, 2]: row-major, (height, width, channel)',
});

// TimeDistributed: TF.js runs the wrapped layer step by step (K.rnn over time), an implementation independent of
// vectorgrad's folding of time into the batch.
for (const [name, inner, inputShape, description] of [
  ['time_distributed_conv2d', { class_name: 'Conv2D', config: { filters: 2, kernel_size: [3, 3], padding: 'same',
    activation: 'relu', use_bias: true, data_format: 'channels_last' } }, [2, 3, 4, 4, 2],
  'TimeDistributed(Conv2D(2, 3, padding=same, activation=relu)) on [2, 3, 4, 4, 2]'],
  ['time_distributed_dense', { class_name: 'Dense', config: { units: 3, activation: 'tanh', use_bias: true } },
    [2, 3, 4], 'TimeDistributed(Dense(3, tanh)) on [2, 3, 4]'],
  ['time_distributed_max_pooling2d', { class_name: 'MaxPooling2D', config: { pool_size: [2, 2], padding: 'valid',
    data_format: 'channels_last' } }, [2, 3, 4, 4, 2], 'TimeDistributed(MaxPooling2D(2)) on [2, 3, 4, 4, 2]'],
]) {
  LAYER_CASES.push({
    name, group: 'time_distributed', className: 'TimeDistributed', config: {}, inner, inputShape, scale: 0.5,
    description, notes: ['Weights: the wrapped layer\'s, named layer/<weight> (Keras\'s attribute name)'],
  });
}

// ---------------------------------------------------------------------------------------------
// Losses and metrics on given predictions

const B = 3;
const C = 4;

function lossCase(name, description, yTrue, yPred, fn, notes) {
  const p = tf.tensor(yPred.data, yPred.shape);
  const t = yTrue.dtype === 'int32' ? tf.tensor(yTrue.data, yTrue.shape, 'int32') : tf.tensor(yTrue.data, yTrue.shape);
  const g = tf.valueAndGrad((pp) => fn(t, pp));
  const { value, grad } = g(p);
  write(name, 'losses', {
    description,
    notes: notes || [],
    reduction: 'mean over the batch of the per-sample loss (Keras\'s sum_over_batch_size, no sample weights)',
    y_true: yTrue,
    y_pred: yPred,
    value: value.dataSync()[0],
    gradient_y_pred: recOf(grad),
  });
}

function softmaxRows(logits, shape) {
  return tf.softmax(tf.tensor(logits, shape)).dataSync();
}

function lossCases() {
  const r = rng(seedOf('losses'));
  const reg = { shape: [B, C], dtype: 'float32', data: uniform(r, [B, C], -1, 1) };
  const regTrue = { shape: [B, C], dtype: 'float32', data: uniform(r, [B, C], -1, 1) };
  // Huber: some errors above delta = 1, some below.
  const hubPred = { shape: [B, C], dtype: 'float32', data: uniform(r, [B, C], -2, 2) };
  const mean = (v) => tf.mean(v);
  lossCase('loss_mse', 'mean_squared_error: mean over the last axis of (y_pred - y_true)^2, then mean over the batch',
    regTrue, reg, (t, p) => mean(tf.metrics.meanSquaredError(t, p)));
  lossCase('loss_mae', 'mean_absolute_error: mean over the last axis of |y_pred - y_true|, then mean over the batch',
    regTrue, reg, (t, p) => mean(tf.metrics.meanAbsoluteError(t, p)));
  lossCase('loss_huber', 'huber (delta = 1): 0.5 e^2 where |e| <= 1, else |e| - 0.5; mean over all elements',
    regTrue, hubPred, (t, p) => tf.losses.huberLoss(t, p, undefined, 1.0),
    ['Computed with tf.losses.huberLoss (tfjs-core), reduction SUM_BY_NONZERO_WEIGHTS = mean over all elements, '
      + 'which equals Keras\'s mean over the last axis then over the batch']);

  // Binary: probabilities in (0, 1), one exactly-clipped value to pin the clipping.
  const binTrue = { shape: [B, C], dtype: 'float32', data: ints(r, [B, C], 2) };
  const binLogits = uniform(r, [B, C], -3, 3);
  const binProb = Array.from(tf.sigmoid(tf.tensor(binLogits)).dataSync());
  binProb[0] = 0; // clipped to 1e-7
  binProb[5] = 1; // clipped to 1 - 1e-7
  lossCase('loss_binary_crossentropy', 'binary_crossentropy on probabilities: clip y_pred to [1e-7, 1 - 1e-7], '
    + '-(y log p + (1 - y) log(1 - p)), mean over the last axis, then over the batch',
  binTrue, { shape: [B, C], dtype: 'float32', data: binProb }, (t, p) => mean(tf.metrics.binaryCrossentropy(t, p)),
  ['y_pred[0] = 0 and y_pred[5] = 1 exercise the clipping: their gradient is 0 (clip passes no gradient outside the range)',
    'TF.js computes it as the logit loss of log(p / (1 - p)) of the clipped p: equal in exact arithmetic']);
  lossCase('loss_binary_crossentropy_from_logits', 'binary_crossentropy(from_logits=True): '
    + 'max(x, 0) - x y + log(1 + exp(-|x|)), mean over all elements',
  binTrue, { shape: [B, C], dtype: 'float32', data: binLogits },
  (t, p) => tf.losses.sigmoidCrossEntropy(t, p),
  ['Computed with tf.losses.sigmoidCrossEntropy (tfjs-core, mean over all elements): tfjs-layers\' '
    + 'binaryCrossentropy has no from_logits']);

  // Categorical.
  const catLabels = ints(r, [B], C);
  const catOneHot = { shape: [B, C], dtype: 'float32', data: Array.from(tf.oneHot(tf.tensor1d(catLabels, 'int32'), C).dataSync()) };
  const catLogits = uniform(r, [B, C], -2, 2);
  const catProb = Array.from(softmaxRows(catLogits, [B, C]));
  // Row 2 unnormalised (sums to 2x), to pin the renormalisation by the row sum.
  for (let j = 0; j < C; j++) {
    catProb[2 * C + j] = Math.fround(2 * catProb[2 * C + j]);
  }
  lossCase('loss_categorical_crossentropy', 'categorical_crossentropy on probabilities: p / sum(p) over the last '
    + 'axis, clip to [1e-7, 1 - 1e-7], -sum(y log p), mean over the batch',
  catOneHot, { shape: [B, C], dtype: 'float32', data: catProb }, (t, p) => mean(tf.metrics.categoricalCrossentropy(t, p)),
  ['row 2 of y_pred sums to 2, not 1: it pins the renormalisation by the row sum']);
  lossCase('loss_categorical_crossentropy_from_logits', 'categorical_crossentropy(from_logits=True): '
    + '-sum(y log softmax(x)), mean over the batch',
  catOneHot, { shape: [B, C], dtype: 'float32', data: catLogits }, (t, p) => tf.losses.softmaxCrossEntropy(t, p),
  ['Computed with tf.losses.softmaxCrossEntropy (tfjs-core), reduction mean over the batch']);
  const sparseTrue = { shape: [B], dtype: 'int32', data: catLabels };
  const sparseProb = Array.from(softmaxRows(catLogits, [B, C]));
  lossCase('loss_sparse_categorical_crossentropy', 'sparse_categorical_crossentropy on probabilities with int labels '
    + '[B]: the categorical loss of the one-hot labels', sparseTrue, { shape: [B, C], dtype: 'float32', data: sparseProb },
  (t, p) => mean(tf.metrics.categoricalCrossentropy(tf.oneHot(t, C), p)),
  ['Computed as tfjs-layers\' categoricalCrossentropy of oneHot(labels) (Keras 3 does the same: renormalise, clip, '
    + 'log, pick the label\'s column). tfjs-layers\' own sparseCategoricalCrossentropy clips before renormalising, '
    + 'and with from_logits it clips the logits to [1e-7, 1 - 1e-7] before the softmax (a TF.js bug), so it is not used']);
  lossCase('loss_sparse_categorical_crossentropy_from_logits', 'sparse_categorical_crossentropy(from_logits=True) '
    + 'with int labels [B]: -log softmax(x)[label], mean over the batch', sparseTrue,
  { shape: [B, C], dtype: 'float32', data: catLogits },
  (t, p) => tf.losses.softmaxCrossEntropy(tf.oneHot(t, C), p),
  ['Computed with tf.losses.softmaxCrossEntropy (tfjs-core) of oneHot(labels)']);

  // Metrics (per-sample values; Keras's metric is their running mean).
  const metrics = {};
  const metric = (fn, t, p) => Array.from(fn(t, p).dataSync());
  const tt = (rr) => (rr.dtype === 'int32' ? tf.tensor(rr.data, rr.shape, 'int32') : tf.tensor(rr.data, rr.shape));
  const binPred = { shape: [B, C], dtype: 'float32', data: uniform(r, [B, C], 0, 1) };
  metrics.binary_accuracy = { y_true: binTrue, y_pred: binPred,
    per_sample: metric(tf.metrics.binaryAccuracy, tt(binTrue), tt(binPred)),
    rule: 'mean over the last axis of (y_pred > 0.5) == y_true' };
  const catPred = { shape: [B, C], dtype: 'float32', data: Array.from(softmaxRows(uniform(r, [B, C], -2, 2), [B, C])) };
  metrics.categorical_accuracy = { y_true: catOneHot, y_pred: catPred,
    per_sample: metric(tf.metrics.categoricalAccuracy, tt(catOneHot), tt(catPred)),
    rule: 'argmax(y_pred) == argmax(y_true)' };
  metrics.sparse_categorical_accuracy = { y_true: sparseTrue, y_pred: catPred,
    per_sample: metric(tf.metrics.sparseCategoricalAccuracy, tt(sparseTrue), tt(catPred)),
    rule: 'argmax(y_pred) == y_true' };
  metrics.mean_squared_error = { y_true: regTrue, y_pred: reg,
    per_sample: metric(tf.metrics.meanSquaredError, tt(regTrue), tt(reg)), rule: 'mean over the last axis of (y_pred - y_true)^2' };
  metrics.mean_absolute_error = { y_true: regTrue, y_pred: reg,
    per_sample: metric(tf.metrics.meanAbsoluteError, tt(regTrue), tt(reg)), rule: 'mean over the last axis of |y_pred - y_true|' };
  write('metrics', 'metrics', {
    description: 'Metrics on given predictions: per_sample holds the value for each of the 3 samples; Keras reports '
      + 'the mean (a running mean over batches)',
    notes: ['tf.metrics.* of TF.js 4.22.0 (tfjs-layers metrics.js)'],
    metrics,
  });
}

// ---------------------------------------------------------------------------------------------
// Optimizers: a few steps on one variable with given gradients

/**
 * Makes TF.js's Adam follow Keras 3's rule: lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps) equals
 * lr m_hat / (sqrt(v_hat) + eps / sqrt(1 - b2^t)), so set TF.js's epsilon (a plain field read by
 * applyGradients) to eps / sqrt(1 - b2^t) before step t.
 */
function keras3Epsilon(eps, beta2) {
  return (optimizer, t) => {
    optimizer.epsilon = eps / Math.sqrt(1 - Math.pow(beta2, t));
  };
}

function optimizerCase(name, description, make, steps, notes, rule, largeGradients, beforeStep, seedName) {
  const r = rng(seedOf(seedName || name));
  const shape = [2, 3];
  const init = uniform(r, shape, -1, 1);
  const grads = [];
  for (let s = 0; s < steps; s++) {
    grads.push(uniform(r, shape, -1, 1));
  }
  for (const g of grads) {
    if (largeGradients) {
      // |g| in [0.5, 1]: keeps TF.js's centered denominator ms - (mg^2 + eps) positive.
      for (let i = 0; i < g.length; i++) {
        g[i] = Math.fround(Math.sign(g[i]) * (0.5 + 0.5 * Math.abs(g[i])));
      }
    } else {
      // One gradient element is 0 in every step, and one is tiny, to expose epsilon placement.
      g[4] = 0;
      g[5] = Math.fround(g[5] * 1e-6);
    }
  }
  const v = tf.variable(tf.tensor(init, shape), true, `var_${name}`);
  const opt = make();
  const after = [];
  for (let s = 0; s < steps; s++) {
    if (beforeStep) {
      beforeStep(opt, s + 1);
    }
    opt.applyGradients({ [v.name]: tf.tensor(grads[s], shape) });
    after.push(rec(shape, v.dataSync()));
  }
  write(name, 'optimizers', {
    description,
    rule,
    notes: notes || [],
    variable_initial: rec(shape, init),
    gradients: grads.map((g) => rec(shape, g)),
    variable_after_step: after,
  });
}

function optimizerCases() {
  optimizerCase('optimizer_sgd', 'SGD(learning_rate=0.1)', () => tf.train.sgd(0.1), 3, [],
    'var -= lr * g');
  optimizerCase('optimizer_sgd_momentum', 'SGD(learning_rate=0.1, momentum=0.9)', () => tf.train.momentum(0.1, 0.9, false), 3,
    ['TF.js: a = m a + g; var -= lr a. Keras 3: v = m v - lr g; var += v. The same for a constant lr (v = -lr a)'],
    'a = momentum * a + g (a starts at 0); var -= lr * a');
  optimizerCase('optimizer_sgd_nesterov', 'SGD(learning_rate=0.1, momentum=0.9, nesterov=True)',
    () => tf.train.momentum(0.1, 0.9, true), 3,
    ['TF.js: a = m a + g; var -= lr (g + m a). Keras 3: v = m v - lr g; var += m v - lr g. The same for a constant lr'],
    'a = momentum * a + g; var -= lr * (g + momentum * a)');
  optimizerCase('optimizer_adam_tfjs_rule', 'Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7) BY TF.JS\'S '
    + 'RULE, which differs from Keras 3\'s', () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3,
  ['TF.js puts epsilon after the bias correction: lr * m_hat / (sqrt(v_hat) + eps). Keras 3: '
    + 'lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps) = lr * m_hat / (sqrt(v_hat) + eps / sqrt(1 - b2^t)). '
    + 'They differ where sqrt(v_hat) is not large against eps / sqrt(1 - b2^t): element 5 (gradients ~1e-6) shows it, '
    + 'element 4 (gradient 0) does not move in either'],
  'm = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; m_hat = m / (1 - b1^t); v_hat = v / (1 - b2^t); '
    + 'var -= lr * m_hat / (sqrt(v_hat) + eps)  [TF.js]');
  optimizerCase('optimizer_adam_keras3_rule', 'Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7) BY KERAS 3\'S '
    + 'RULE (the same initial value and gradients as optimizer_adam_tfjs_rule)', () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3,
  ['TF.js\'s Adam with its epsilon set to eps / sqrt(1 - b2^t) before step t, which is Keras 3\'s rule in exact '
    + 'arithmetic (see optimizer_adam_tfjs_rule). Element 5 (gradients ~1e-6) differs visibly between the two fixtures'],
  'm = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; var -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)  [Keras 3]',
  false, keras3Epsilon(1e-7, 0.999), 'optimizer_adam_tfjs_rule');
  optimizerCase('optimizer_rmsprop', 'RMSprop(learning_rate=0.01, rho=0.9, momentum=0, epsilon=1e-7, centered=False)',
    () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7, false), 3, ['The same rule as Keras 3\'s RMSprop (epsilon inside the square root)'],
    'ms = rho ms + (1 - rho) g^2 (ms starts at 0); var -= lr g / sqrt(ms + eps)');
  optimizerCase('optimizer_rmsprop_momentum', 'RMSprop(learning_rate=0.01, rho=0.9, momentum=0.5, epsilon=1e-7)',
    () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, false), 3, ['The same rule as Keras 3\'s RMSprop with momentum'],
    'ms = rho ms + (1 - rho) g^2; mom = momentum mom + lr g / sqrt(ms + eps); var -= mom');
  optimizerCase('optimizer_rmsprop_centered_tfjs_rule', 'RMSprop(learning_rate=0.01, rho=0.9, momentum=0, epsilon=0.001, '
    + 'centered=True) BY TF.JS\'S RULE, which differs from Keras 3\'s', () => tf.train.rmsprop(0.01, 0.9, 0, 0.001, true), 3,
  ['TF.js subtracts epsilon in the centered denominator: sqrt(ms - (mg^2 + eps)); Keras 3 adds it: '
    + 'sqrt(ms - mg^2 + eps). epsilon = 0.001 makes the difference visible. All |g| are in [0.5, 1]: a zero '
    + 'gradient would give sqrt(-eps) = NaN in TF.js'],
  'ms = rho ms + (1 - rho) g^2; mg = rho mg + (1 - rho) g; var -= lr g / sqrt(ms - (mg^2 + eps))  [TF.js]', true);
  optimizerCase('optimizer_adagrad', 'Adagrad(learning_rate=0.1, initial_accumulator_value=0.1, epsilon=1e-7)',
    () => tf.train.adagrad(0.1, 0.1), 3,
    ['The same rule as Keras 3\'s Adagrad; TF.js\'s epsilon is its backend epsilon, 1e-7 (float32), Keras\'s default too'],
    'acc = acc + g^2 (acc starts at 0.1); var -= lr g / sqrt(acc + eps)');
}

// ---------------------------------------------------------------------------------------------
// Training: small models, one SGD step and two Adam steps on one batch

async function trainCase(name, description, build, x, y, lossName, lossKeras, notes) {
  const r = rng(seedOf(name));
  const probe = build();
  const shapes = probe.getWeights().map((w) => w.shape);
  const init = shapes.map((s) => uniform(r, s, -0.5, 0.5));
  const names = [];
  probe.layers.forEach((l, i) => {
    for (const w of l.weights) {
      const short = w.originalName.split('/').pop();
      names.push(`layers[${i}]/${short}`);
    }
  });
  const run = async (optimizer, steps, beforeStep) => {
    const model = build();
    model.setWeights(init.map((d, i) => tf.tensor(d, shapes[i])));
    model.compile({ optimizer, loss: lossName });
    const losses = [];
    for (let s = 0; s < steps; s++) {
      if (beforeStep) {
        beforeStep(optimizer, s + 1);
      }
      const l = await model.trainOnBatch(x, y);
      losses.push(Array.isArray(l) ? l[0] : l);
    }
    return { weights: model.getWeights().map((w) => recOf(w)), losses };
  };
  const sgd = await run(tf.train.sgd(0.1), 1);
  const adam = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 2);
  const adamKeras3 = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 2, keras3Epsilon(1e-7, 0.999));
  write(name, 'training', {
    description,
    notes: (notes || []).concat([
      'trainOnBatch on the whole batch: loss = mean over the batch (Keras\'s sum_over_batch_size); '
        + 'losses[k] is the loss before step k',
      'adam_tfjs is TF.js\'s rule (epsilon after the bias correction, see optimizer_adam_tfjs_rule); adam_keras3 is '
        + 'Keras 3\'s rule, obtained from the same TF.js optimizer by setting its epsilon to eps / sqrt(1 - beta_2^t) '
        + 'before step t (see optimizer_adam_keras3_rule)']),
    layers: probe.layers.map((l) => {
      const cfg = l.getConfig();
      return { class_name: l.getClassName(), config: kerasConfig(l.getClassName(), cfg) };
    }),
    loss: lossKeras,
    x: recOf(x),
    y: recOf(y),
    weight_names: names,
    initial_weights: init.map((d, i) => rec(shapes[i], d)),
    sgd: { learning_rate: 0.1, steps: 1, losses: sgd.losses, weights_after: sgd.weights },
    adam_tfjs: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, steps: 2, rule: 'tfjs', losses: adam.losses,
      weights_after: adam.weights },
    adam_keras3: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, steps: 2, rule: 'keras3',
      losses: adamKeras3.losses, weights_after: adamKeras3.weights },
  });
}

/** The Keras-vocabulary subset of a TF.js layer config that matters for the forward pass. */
function kerasConfig(className, cfg) {
  const act = (a) => (a === 'hardSigmoid' ? 'hard_sigmoid' : a);
  switch (className) {
    case 'Dense': return { units: cfg.units, activation: act(cfg.activation), use_bias: cfg.useBias };
    case 'SimpleRNN': return { units: cfg.units, activation: act(cfg.activation), use_bias: cfg.useBias,
      return_sequences: cfg.returnSequences, go_backwards: cfg.goBackwards };
    case 'LSTM': return { units: cfg.units, activation: act(cfg.activation),
      recurrent_activation: act(cfg.recurrentActivation), use_bias: cfg.useBias,
      return_sequences: cfg.returnSequences, go_backwards: cfg.goBackwards };
    case 'Embedding': return { input_dim: cfg.inputDim, output_dim: cfg.outputDim };
    default: throw new Error(`no Keras config for ${className}`);
  }
}

async function trainCases() {
  const r = rng(seedOf('training'));
  {
    const x = tf.tensor(uniform(r, [4, 3], -1, 1), [4, 3]);
    const y = tf.tensor(uniform(r, [4, 2], -1, 1), [4, 2]);
    await trainCase('train_dense_mse', 'Sequential([Dense(2, tanh, input 3)]) compiled with mse',
      () => tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'tanh', inputShape: [3] })] }),
      x, y, 'meanSquaredError', 'mse');
  }
  {
    const x = tf.tensor(uniform(r, [3, 4, 2], -1, 1), [3, 4, 2]);
    const y = tf.tensor(uniform(r, [3, 1], -1, 1), [3, 1]);
    await trainCase('train_simple_rnn_dense_mse', 'Sequential([SimpleRNN(4, relu, input [4, 2]), Dense(1)]) compiled with mse '
      + '(the tutorials\' forecast model, small)',
    () => tf.sequential({ layers: [tf.layers.simpleRNN({ units: 4, activation: 'relu', inputShape: [4, 2] }),
      tf.layers.dense({ units: 1 })] }), x, y, 'meanSquaredError', 'mse');
  }
  {
    const x = tf.tensor(ints(r, [3, 4], 6), [3, 4], 'int32');
    const y = tf.oneHot(tf.tensor1d(ints(r, [3], 3), 'int32'), 3).cast('float32');
    await trainCase('train_embedding_lstm_dense_cce', 'Sequential([Embedding(6, 3, input length 4), LSTM(4), '
      + 'Dense(3, softmax)]) compiled with categorical_crossentropy (the tutorials\' classifier, small)',
    () => tf.sequential({ layers: [tf.layers.embedding({ inputDim: 6, outputDim: 3, inputLength: 4 }),
      tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 3, activation: 'softmax' })] }), x, y, 'categoricalCrossentropy', 'categorical_crossentropy',
    ['y is one-hot [3, 3]; the LSTM has recurrent_activation sigmoid (given explicitly)']);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') {
    throw new Error(`expected the cpu backend, got ${tf.getBackend()}`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) {
    if (f.endsWith('.json') && f !== 'reader_selftest.json') {
      fs.unlinkSync(path.join(OUT, f));
    }
  }
  for (const spec of LAYER_CASES) {
    tf.tidy(() => layerCase(spec));
  }
  lossCases();
  optimizerCases();
  await trainCases();
  const index = {};
  for (const { name, group } of written) {
    (index[group] = index[group] || []).push(name);
  }
  fs.writeFileSync(path.join(OUT, 'index.json'), stringify({ fixture_format: 1, tfjs_version: TFJS_VERSION, groups: index }) + '\n');
  process.stderr.write(`wrote ${written.length} fixtures to ${OUT}\n`);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
