/**
 * The evaluation report as one self-contained HTML page with SVG charts (JFreeChart drawing onto
 * JFreeSVG). Depends on core (core.eval) and the chart libraries; never on transforms or pipelines.
 */
package ai.dataframer.beam.io.report;
