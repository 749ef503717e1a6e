/**
 * Keras's {@code Sequential} model in Java: a stack of {@link dev.vectorgrad.models.layers.Layer layers} with
 * {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, {@code summary()} and a one-file whole-model
 * format, under Keras's names and defaults.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Input(48, 1),
 *         SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
 *         SimpleRNN.builder(50).activation("relu").build(),
 *         new Dense(1));
 * model.compile("adam", "mse");
 * History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(20).validationData(xTest, yTest));
 * double testLoss = model.evaluate(xTest, yTest).get(0);
 * model.save(Path.of("forecast.safetensors"));
 * Sequential again = Sequential.loadModel(Path.of("forecast.safetensors"));
 * }</pre>
 */
package dev.vectorgrad.models;
