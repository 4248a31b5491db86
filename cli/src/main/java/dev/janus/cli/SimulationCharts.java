package dev.janus.cli;

import dev.janus.comm.scaling.sim.PolicyOutcome;
import dev.janus.comm.scaling.sim.SimulationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code simulate}'s charts, drawn by XChart (STYLE.md: a charting library, no hand-drawn Java2D). */
final class SimulationCharts {

    private SimulationCharts() {
    }

    static void write(SimulationResult r, List<SimulationResult> sweep, double sloMs, String model, Path dir)
            throws IOException {
        save(gpusOverTime(r, model), dir.resolve("gpus-over-time"));
        save(throughputVsAttainment(sweep, sloMs, model), dir.resolve("throughput-vs-attainment"));
    }

    static XYChart gpusOverTime(SimulationResult r, String model) {
        XYChart chart = new XYChartBuilder().width(900).height(450)
                .title(String.format(Locale.ROOT, "GPUs over time, %s, %s", model, r.trace()))
                .xAxisTitle("hour").yAxisTitle("GPUs").build();
        for (PolicyOutcome o : r.outcomes()) {
            if (!o.feasible()) {
                continue;
            }
            double[] y = SimulationReport.means(o.gpus(), r.sliceSeconds());
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i * SimulationReport.TIMELINE_SECONDS / 3600;
            }
            chart.addSeries(o.policy().label(), x, y).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** One curve per policy: each point a run with the SLO times a sweep factor. */
    static XYChart throughputVsAttainment(List<SimulationResult> sweep, double sloMs, String model) {
        XYChart chart = new XYChartBuilder().width(700).height(450)
                .title(String.format(Locale.ROOT, "%s: one point per SLO, %.0f-%.0f ms", model,
                        sloMs * SimulateCommand.SWEEP[0], sloMs * SimulateCommand.SWEEP[SimulateCommand.SWEEP.length - 1]))
                .xAxisTitle("SLO attainment").yAxisTitle("tokens/s per GPU at the SLO").build();
        for (int p = 0; p < sweep.getFirst().outcomes().size(); p++) {
            List<PolicyOutcome> points = new java.util.ArrayList<>();
            for (SimulationResult run : sweep) {
                if (run.outcomes().get(p).feasible()) {
                    points.add(run.outcomes().get(p));
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(points.getFirst().policy().label(),
                    points.stream().mapToDouble(PolicyOutcome::sloAttainment).toArray(),
                    points.stream().mapToDouble(PolicyOutcome::goodputPerGpu).toArray());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return chart;
    }

    private static void save(Chart<?, ?> chart, Path base) throws IOException {
        BitmapEncoder.saveBitmap(chart, base + ".png", BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base + ".svg", VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
