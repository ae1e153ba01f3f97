package ai.dataframer.beam.io.report;

import ai.dataframer.beam.core.eval.ConformanceReport.DistributionAnalysis;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnHistogram;
import ai.dataframer.beam.core.eval.FidelityReport.ColumnShape;
import ai.dataframer.beam.core.eval.FidelityReport.PairTrend;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The evaluation report's charts as SVG elements (docs/ARCHITECTURE.md section 9), drawn by
 * JFreeChart onto JFreeSVG's graphics, so the report needs no network and no JavaScript. Each
 * chart's definitions get their own prefix: several charts share one HTML page.
 */
final class ReportCharts {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;
  private static final int HISTOGRAM_HEIGHT = 280;
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
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

  /** One column's shares per bin, seed beside synthetic, in percent. */
  static String histogram(ColumnHistogram histogram, String title, String id) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int bin = 0; bin < histogram.bins().size(); bin++) {
      String label = histogram.bins().get(bin);
      data.addValue(100 * histogram.seedShares().get(bin), "seed", label);
      data.addValue(100 * histogram.syntheticShares().get(bin), "synthetic", label);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, "% of records", data, PlotOrientation.VERTICAL, true, false, false);
    JFreeChart styled = styled(chart);
    CategoryPlot plot = (CategoryPlot) styled.getPlot();
    // Seed grey, synthetic blue, as in the property charts' requested and expected.
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setSeriesPaint(0, SERIES[0]);
    renderer.setSeriesPaint(1, SERIES[1]);
    renderer.setItemMargin(0.0);
    plot.getDomainAxis().setTickLabelFont(SMALL);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(2.0f);
    return svg(styled, id, WIDTH, HISTOGRAM_HEIGHT);
  }

  /**
   * The pair trends as a matrix of the paired columns, each cell coloured by its score: red at 0,
   * yellow at 0.5, green at 1. The diagonal and unscored pairs stay blank.
   */
  static String pairTrendMap(List<PairTrend> pairs, String id) {
    List<String> columns = new ArrayList<>();
    for (PairTrend pair : pairs) {
      if (!columns.contains(pair.left())) {
        columns.add(pair.left());
      }
      if (!columns.contains(pair.right())) {
        columns.add(pair.right());
      }
    }
    int cells = 2 * pairs.size();
    double[][] xyz = new double[3][cells];
    int cell = 0;
    for (PairTrend pair : pairs) {
      int left = columns.indexOf(pair.left());
      int right = columns.indexOf(pair.right());
      for (int[] at : new int[][] {{left, right}, {right, left}}) {
        xyz[0][cell] = at[0];
        xyz[1][cell] = at[1];
        xyz[2][cell] = pair.score();
        cell++;
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("pair trends", xyz);
    String[] names = columns.toArray(String[]::new);
    SymbolAxis x = new SymbolAxis(null, names);
    x.setVerticalTickLabels(true);
    x.setTickLabelFont(SMALL);
    SymbolAxis y = new SymbolAxis(null, names);
    y.setInverted(true);
    y.setTickLabelFont(SMALL);
    LookupPaintScale scale = new LookupPaintScale(0.0, 1.0, Color.LIGHT_GRAY);
    for (int step = 0; step <= 50; step++) {
      double score = step / 50.0;
      scale.add(score, heat(score));
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = new JFreeChart("Pair trends (1 = the seed's)", plot);
    chart.removeLegend();
    NumberAxis legendAxis = new NumberAxis("score (red at 0.5 or below)");
    legendAxis.setRange(0.0, 1.0);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 40, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    int side = Math.max(360, Math.min(720, 120 + 28 * columns.size()));
    return svg(chart, id, side + 80, side);
  }

  /**
   * Red at {@value #HEAT_FLOOR} or below, through yellow to green at 1: pair scores of a fair
   * generator lie between 0.8 and 1, so a scale from 0 would paint them all one green.
   */
  private static Color heat(double score) {
    double position = Math.max(0.0, (score - HEAT_FLOOR) / (1.0 - HEAT_FLOOR));
    float hue = (float) (position / 3.0); // 0 red, 1/6 yellow, 1/3 green
    return Color.getHSBColor(hue, 0.65f, 0.92f);
  }

  private static final double HEAT_FLOOR = 0.5;

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
    return svg(chart, id, WIDTH, HEIGHT);
  }

  private static String svg(JFreeChart chart, String id, int width, int height) {
    SVGGraphics2D graphics = new SVGGraphics2D(width, height);
    graphics.setDefsKeyPrefix(id + "-");
    chart.draw(graphics, new Rectangle(0, 0, width, height));
    return graphics.getSVGElement(id);
  }
}
