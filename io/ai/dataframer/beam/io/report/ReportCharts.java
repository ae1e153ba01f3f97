package ai.dataframer.beam.io.report;

import ai.dataframer.beam.core.eval.ConformanceReport.DistributionAnalysis;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The evaluation report's charts as SVG elements (docs/ARCHITECTURE.md section 9), drawn by
 * JFreeChart onto JFreeSVG's graphics, so the report needs no network and no JavaScript. Each
 * chart's definitions get their own prefix: several charts share one HTML page.
 */
final class ReportCharts {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;
  private static final Color[] SERIES = {
    new Color(0x9e, 0x9e, 0x9e), new Color(0x42, 0x85, 0xf4), new Color(0xf4, 0x8c, 0x06)
  };

  private ReportCharts() {}

  /** Requested, expected and observed share of each value of one property, side by side. */
  static String distributions(DistributionAnalysis analysis, String id) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    add(data, "requested (spec)", analysis.requestedDistributions());
    add(data, "expected (plans)", analysis.expectedDistributions());
    add(data, "observed (samples)", analysis.observedDistributions());
    JFreeChart chart =
        ChartFactory.createBarChart(
            analysis.propertyName(),
            null,
            "% of samples",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    return svg(styled(chart), id);
  }

  /** Each column's shape score, 0 to 1. */
  static String columnShapes(List<ColumnShape> shapes, String id) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ColumnShape shape : shapes) {
      data.addValue(shape.score(), "column shape", shape.column());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Column shapes (1 = the seed's)",
            null,
            "score",
            data,
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    ((CategoryPlot) chart.getPlot()).getRangeAxis().setRange(0, 1);
    return svg(styled(chart), id);
  }

  private static void add(DefaultCategoryDataset data, String series, Map<String, Double> shares) {
    shares.forEach((value, percent) -> data.addValue(percent, series, value));
  }

  private static JFreeChart styled(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = (CategoryPlot) chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    CategoryAxis axis = plot.getDomainAxis();
    axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < SERIES.length; i++) {
      renderer.setSeriesPaint(i, SERIES[i]);
    }
    return chart;
  }

  private static String svg(JFreeChart chart, String id) {
    SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
    graphics.setDefsKeyPrefix(id + "-");
    chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
    return graphics.getSVGElement(id);
  }
}
