package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.SimpleRNN;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential#summary()} of the tutorials' models with the real layers, against Keras 3's layout written by
 * hand (88-wide Rich table, cells 36/27/15; counts from the layers' formulas, sizes in float32 bytes / 1024).
 */
class SummaryTest {

    @Test
    void forecastModel() {
        // SimpleRNN(50) on 1 feature: 1*50 + 50*50 + 50 = 2,600; on 50: 50*50 + 50*50 + 50 = 5,050; Dense: 51.
        // 7,701 params * 4 B = 30,804 B = 30.08 KB
        Sequential m = new Sequential(new Input(10, 1),
                SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
                SimpleRNN.builder(50).activation("relu").build(),
                new Dense(1));
        String expected = String.join("\n",
                "Model: \"sequential\"",
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
                "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
                "│ simple_rnn (SimpleRNN)               │ (None, 10, 50)              │           2,600 │",
                "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
                "│ simple_rnn_1 (SimpleRNN)             │ (None, 50)                  │           5,050 │",
                "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
                "│ dense (Dense)                        │ (None, 1)                   │              51 │",
                "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
                " Total params: 7,701 (30.08 KB)",
                " Trainable params: 7,701 (30.08 KB)",
                " Non-trainable params: 0 (0.00 B)",
                "");
        assertEquals(expected, m.summary());

        // after training with Adam the optimizer's variables appear and count in the total, as in Keras:
        // iterations (int64, 8 B) + learning_rate (float32, 4 B) + m and v for each weight (2 * 7,701 floats)
        // = 15,404 values, 8 + 4 + 15,402 * 4 = 61,620 B = 60.18 KB; total 23,105 values, 92,424 B = 90.26 KB
        m.compile("adam", "mse");
        m.trainOnBatch(new float[2][10][1], new float[2][1]);
        String after = m.summary();
        assertTrue(after.endsWith(String.join("\n",
                " Total params: 23,105 (90.26 KB)",
                " Trainable params: 7,701 (30.08 KB)",
                " Non-trainable params: 0 (0.00 B)",
                " Optimizer params: 15,404 (60.18 KB)",
                "")), after);
    }

    @Test
    void classifierWithVariableLengthInput() {
        // Embedding(1000, 64): 64,000; LSTM(128) on 64: 4 * (64*128 + 128*128 + 128) = 98,816; Dense(10): 1,290.
        // 164,106 * 4 B = 656,424 B = 641.04 KB. A length known only from the data prints as None.
        Sequential m = new Sequential(new Input(-1), new Embedding(1000, 64), new LSTM(128), new Dense(10, "softmax"));
        String s = m.summary();
        assertTrue(s.contains("│ embedding (Embedding)                │ (None, None, 64)            │          64,000 │"), s);
        assertTrue(s.contains("│ lstm (LSTM)                          │ (None, 128)                 │          98,816 │"), s);
        assertTrue(s.contains("│ dense (Dense)                        │ (None, 10)                  │           1,290 │"), s);
        assertTrue(s.contains(" Total params: 164,106 (641.04 KB)\n"), s);
    }
}
