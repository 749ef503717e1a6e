/**
 * Layers with Keras's names, arguments and defaults ({@code Dense}, {@code Embedding}, {@code Dropout},
 * {@code Activation}, {@code SimpleRNN}, {@code LSTM}, {@code GRU}, {@code Bidirectional}, {@code Conv2D},
 * {@code MaxPooling2D}, {@code AveragePooling2D}, {@code Flatten}, {@code TimeDistributed}, {@code Input}) and
 * Keras's seeded initialisers. Tensors are batch-major, {@code [batch, time, features]}, images channels-last,
 * {@code [batch, height, width, channels]}; the recurrent layers run on the cells' fused kernels where the cells can
 * express them ({@link dev.vectorgrad.models.layers.RecurrentLayer} says which configurations do), the convolution
 * and pooling layers on the autograd's {@link dev.vectorgrad.autograd.Convolutions}, and
 * {@link dev.vectorgrad.models.layers.TimeDistributed} folds time into the batch rather than looping over steps.
 *
 * <p><b>Construction.</b> One style throughout: a constructor for the common cases ({@code new Dense(10)},
 * {@code new Dense(10, "softmax")}, {@code new LSTM(50)}, {@code new Dropout(0.2)},
 * {@code new Embedding(1000, 64, true)}, {@code new Conv2D(32, 3, "relu")}, {@code new MaxPooling2D(2)}) and a
 * builder for every other Keras argument, under its Java name
 * ({@code LSTM.builder(50).returnSequences(true).dropout(0.1).build()},
 * {@code Conv2D.builder(64, 3).strides(2).padding("same").build()}).
 *
 * <p><b>Weights</b> are stored in Keras's layout under Keras's names ({@code kernel [in, units]},
 * {@code recurrent_kernel}, {@code bias}, {@code embeddings}, a convolution's {@code kernel [kh, kw, in, filters]}),
 * so {@code getWeights}/{@code setWeights} exchange exactly the arrays of a Keras file; the recurrent layers map them
 * to the cells' PyTorch layout on each call.
 *
 * <p><b>Configs</b> use Keras's vocabulary ({@code {"class_name": "LSTM", "config": {"units": 50, ...}}});
 * {@link dev.vectorgrad.models.layers.Layers#fromConfig} rebuilds any layer of this package from one.
 */
package dev.vectorgrad.models.layers;
