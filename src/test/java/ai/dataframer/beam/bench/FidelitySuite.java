package ai.dataframer.beam.bench;

import java.util.List;
import java.util.function.Supplier;

/**
 * The seeds the fidelity bench measures (issue 10's acceptance suite), written by deterministic
 * generators with a fixed random seed each. Between them they hold: unique string keys (orders,
 * shipments, payments, support_tickets) and integer keys (product_sales, customers), UUIDs
 * (sensor_readings, taxi_trips) and hex codes (sensor_readings, energy_meters), money with two
 * places (orders, product_sales, customers, taxi_trips; DECIMAL(10,2) in payments), whole-number
 * doubles (sensor_readings, taxi_trips), 15-30% nulls (sensor_readings, customers, taxi_trips,
 * support_tickets), multi-word names with repeats (product_sales, taxi_trips), three nearly
 * proportional measures (shipments), start and end timestamps (shipments, taxi_trips,
 * support_tickets), totals that are sums of parts (orders, payments, taxi_trips, energy_meters) and
 * categoricals that determine another (orders, product_sales, customers, payments, sensor_readings,
 * energy_meters). Sizes run from 600 to 50,000 rows.
 */
final class FidelitySuite {
  private FidelitySuite() {}

  /** Each dataset by name, built only when asked for. */
  record Entry(String name, Supplier<Dataset> build) {}

  static final List<Entry> DATASETS =
      List.of(
          new Entry("orders", CommerceSeeds::orders),
          new Entry("product_sales", CommerceSeeds::productSales),
          new Entry("customers", CommerceSeeds::customers),
          new Entry("payments", CommerceSeeds::payments),
          new Entry("sensor_readings", OperationsSeeds::sensorReadings),
          new Entry("shipments", OperationsSeeds::shipments),
          new Entry("energy_meters", OperationsSeeds::energyMeters),
          new Entry("taxi_trips", ServiceSeeds::taxiTrips),
          new Entry("support_tickets", ServiceSeeds::supportTickets));
}
