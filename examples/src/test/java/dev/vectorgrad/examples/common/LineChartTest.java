package dev.vectorgrad.examples.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class LineChartTest {

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertArrayEquals(new double[] {-0.04, -0.02, 0, 0.02, 0.04}, LineChart.ticks(-0.031, 0.03), 1e-12);
        assertArrayEquals(new double[] {0, 200, 400, 600, 800, 1000, 1200}, LineChart.ticks(1, 1200), 1e-9);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, LineChart.ticks(0.62, 4.5), 1e-9);
    }

    @Test
    void writesWellFormedSvgWithEverySeries() throws Exception {
        String svg = new LineChart("loss <&> \"test\"", "step", "loss")
                .line("train", new double[] {1, 2, 3}, new double[] {3, 2, Double.NaN})
                .markers("validation", new double[] {3}, new double[] {1.5})
                .toSvg();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertEquals(1, doc.getElementsByTagName("circle").getLength());
        assertTrue(svg.contains("loss &lt;&amp;&gt; &quot;test&quot;"));
    }
}
