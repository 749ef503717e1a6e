package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void recordsEachEpochsLogsByNameAndTheEpochNumbers() {
        History h = new History();
        TrainingParams params = new TrainingParams(3, 10, 1);
        h.setParams(params);
        h.onTrainBegin(Map.of());
        Map<String, Double> e0 = new LinkedHashMap<>();
        e0.put("loss", 1.0);
        e0.put("val_loss", 2.0);
        h.onEpochEnd(0, e0);
        h.onEpochEnd(1, Map.of("loss", 0.5, "val_loss", 1.5));
        assertEquals(List.of(1.0, 0.5), h.get("loss"));
        assertEquals(List.of(2.0, 1.5), h.history().get("val_loss"));
        assertEquals(List.of("loss", "val_loss"), List.copyOf(h.history().keySet()));
        assertEquals(List.of(0, 1), h.epoch());
        assertEquals(params, h.params());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("accuracy"));
        assertEquals("history has no 'accuracy', it has [loss, val_loss]", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> h.history().get("loss").add(0.0));

        h.onTrainBegin(Map.of()); // a new run starts a new record
        assertEquals(List.of(), h.epoch());
        assertEquals(Map.of(), h.history());
    }

    @Test
    void callbackListCallsEveryCallbackInOrder() {
        StringBuilder calls = new StringBuilder();
        Callback a = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                calls.append("a").append(epoch);
            }
        };
        Callback b = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                calls.append("b").append(epoch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                calls.append("B").append(batch);
            }
        };
        CallbackList list = new CallbackList(List.of(a, b));
        list.onTrainBatchEnd(4, Map.of());
        list.onEpochEnd(2, Map.of());
        assertEquals("B4a2b2", calls.toString());
        java.util.List<Callback> withNull = new java.util.ArrayList<>();
        withNull.add(a);
        withNull.add(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CallbackList(withNull));
        assertEquals("callback 1 is null", e.getMessage());
    }

    @Test
    void forFitAppendsHistoryAndProgbarAsKerasDoes() {
        EarlyStopping es = new EarlyStopping();
        CallbackList list = CallbackList.forFit(List.of(es), true);
        assertEquals(3, list.callbacks().size());
        assertEquals(es, list.callbacks().get(0));
        assertEquals(list.callbacks().get(1), list.history());
        assertEquals(list.callbacks().get(2), list.progbar());
        History mine = new History();
        CallbackList quiet = CallbackList.forFit(List.of(mine), false);
        assertEquals(List.of(mine), quiet.callbacks());
        assertEquals(null, quiet.progbar());
    }
}
