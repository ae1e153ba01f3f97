package ai.dataframer.beam.bench;

import static ai.dataframer.beam.bench.SeedDraws.money;
import static ai.dataframer.beam.bench.SeedDraws.places;

import ai.dataframer.beam.bench.Dataset.SeedFormat;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Seeds of operations: sensor readings, parcel shipments, daily electricity meter readings. */
final class OperationsSeeds {
  private OperationsSeeds() {}

  private record Site(String name, boolean outdoor, double baseTemperature) {}

  private record Device(String id, Site site, boolean hasHumidity, double offset, double battery) {}

  /** ~20,000 readings of 250 devices over March 2024. */
  static Dataset sensorReadings() {
    SeedDraws draw = new SeedDraws(202);
    Dataset.Builder readings =
        Dataset.builder(
                "sensor_readings",
                SeedFormat.CSV,
                "IoT readings: UUID and 16-hex keys, hex device codes, device -> site,"
                    + " whole-number humidity as doubles with 20% nulls, 25% null pressure")
            .column("reading_id", FieldType.STRING)
            .column("message_id", FieldType.STRING)
            .column("device_id", FieldType.STRING)
            .column("site", FieldType.STRING)
            .column("recorded_at", FieldType.TIMESTAMP)
            .column("temperature_c", FieldType.DOUBLE)
            .column("humidity_pct", FieldType.DOUBLE)
            .column("pressure_hpa", FieldType.DOUBLE)
            .column("battery_pct", FieldType.LONG)
            .column("status", FieldType.STRING)
            .key("reading_id")
            .key("message_id")
            .constraint(new Constraint.Determines("device_id", "site"));
    List<Site> sites =
        List.of(
            new Site("lyon-warehouse-a", false, 18),
            new Site("lyon-warehouse-b", false, 19),
            new Site("paris-datacenter", false, 22),
            new Site("rooftop-north", true, 8),
            new Site("rooftop-south", true, 12),
            new Site("cold-store-1", false, 3));
    Set<String> deviceIds = new HashSet<>();
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      devices.add(
          new Device(
              SeedDraws.unique(deviceIds, () -> "dev-" + draw.chars(SeedDraws.HEX, 8)),
              sites.get(draw.index(new double[] {25, 20, 15, 15, 15, 10})),
              draw.chance(0.8),
              draw.gaussian(0, 0.8),
              draw.uniform(55, 100)));
    }
    Set<String> readingIds = new HashSet<>();
    Set<String> messageIds = new HashSet<>();
    Instant from = Instant.parse("2024-03-01T00:00:00Z");
    Instant to = Instant.parse("2024-04-01T00:00:00Z");
    for (int i = 0; i < 20_000; i++) {
      Device device = draw.pick(devices);
      Instant at = draw.instant(from, to, 1_000);
      double hour = (at.getEpochSecond() % 86_400) / 3600.0;
      double days = Duration.between(from, at).toHours() / 24.0;
      double daily = device.site().outdoor() ? 5 * Math.sin((hour - 9) / 24 * 2 * Math.PI) : 0.7;
      double temperature =
          device.site().baseTemperature() + daily + device.offset() + draw.gaussian(0, 0.6);
      BigDecimal humidity = null;
      if (device.hasHumidity()) {
        double percent = 78 - 1.3 * temperature + draw.gaussian(0, 4);
        humidity = places(Math.round(Math.max(8, Math.min(100, percent))), 1);
      }
      long battery = Math.max(3, Math.round(device.battery() - 1.1 * days + draw.gaussian(0, 1)));
      String status =
          draw.chance(0.015) ? "fault" : battery < 20 && draw.chance(0.5) ? "degraded" : "ok";
      readings.row(
          SeedDraws.unique(readingIds, () -> draw.uuid4(false)),
          SeedDraws.unique(messageIds, () -> draw.chars(SeedDraws.HEX, 16)),
          device.id(),
          device.site().name(),
          at,
          places(temperature, 1),
          humidity,
          draw.chance(0.25) ? null : places(draw.gaussian(1013, 6), 1),
          battery,
          status);
    }
    return readings.build();
  }

  /** ~8,000 parcels: timestamps of whole seconds, three box dimensions moving together. */
  static Dataset shipments() {
    SeedDraws draw = new SeedDraws(303);
    Dataset.Builder shipments =
        Dataset.builder(
                "shipments",
                SeedFormat.CSV,
                "parcels: 1Z tracking keys, delivered_at >= shipped_at in whole seconds, length"
                    + " >= width >= height nearly proportional (r > 0.95), weight in kg")
            .column("tracking_number", FieldType.STRING)
            .column("carrier", FieldType.STRING)
            .column("service_level", FieldType.STRING)
            .column("origin_hub", FieldType.STRING)
            .column("destination_country", FieldType.STRING)
            .column("shipped_at", FieldType.TIMESTAMP)
            .column("delivered_at", FieldType.TIMESTAMP)
            .column("length_cm", FieldType.DOUBLE)
            .column("width_cm", FieldType.DOUBLE)
            .column("height_cm", FieldType.DOUBLE)
            .column("weight_kg", FieldType.DOUBLE)
            .column("insured", FieldType.BOOLEAN)
            .key("tracking_number")
            .constraint(new Constraint.Order("delivered_at", ">=", "shipped_at"))
            .constraint(new Constraint.Order("length_cm", ">=", "width_cm"))
            .constraint(new Constraint.Order("width_cm", ">=", "height_cm"));
    List<String> carriers = List.of("UPS", "DHL", "FedEx", "GLS", "PostNL");
    double[] carrierSpeed = {1.0, 1.05, 0.95, 1.25, 1.15};
    List<String> services = List.of("economy", "standard", "express");
    double[] transitHours = {96, 50, 20};
    List<String> hubs = List.of("Rotterdam", "Leipzig", "Lyon", "Milan", "Poznan");
    List<String> destinations =
        List.of(
            "Netherlands",
            "Germany",
            "France",
            "Italy",
            "Poland",
            "Belgium",
            "Spain",
            "Austria",
            "Denmark",
            "Sweden");
    Set<String> numbers = new HashSet<>();
    LocalDate firstDay = LocalDate.of(2024, 4, 1);
    for (int i = 0; i < 8_000; i++) {
      int carrier = draw.index(new double[] {30, 28, 15, 15, 12});
      int service = draw.index(new double[] {30, 55, 15});
      LocalDate day = firstDay.plusDays(draw.between(0, 90));
      Instant shipped =
          day.atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .plusSeconds(draw.between(7 * 3600, 19 * 3600));
      double hours = draw.logNormal(transitHours[service] * carrierSpeed[carrier], 0.3);
      double scale = draw.logNormal(1.0, 0.45);
      double[] sides = {
        Math.max(2, 40 * scale + draw.gaussian(0, 0.8)),
        Math.max(2, 30 * scale + draw.gaussian(0, 0.6)),
        Math.max(1, 20 * scale + draw.gaussian(0, 0.5))
      };
      Arrays.sort(sides);
      BigDecimal length = places(sides[2], 1);
      BigDecimal width = places(sides[1], 1);
      BigDecimal height = places(sides[0], 1);
      double litres = length.doubleValue() * width.doubleValue() * height.doubleValue() / 1000;
      shipments.row(
          SeedDraws.unique(numbers, () -> "1Z" + draw.chars(SeedDraws.UPPER_ALNUM, 16)),
          carriers.get(carrier),
          services.get(service),
          draw.pick(hubs),
          draw.pick(destinations),
          shipped,
          shipped.plusSeconds(Math.round(hours * 3600)),
          length,
          width,
          height,
          places(0.1 + litres * draw.uniform(0.12, 0.3), 2),
          draw.chance(service == 2 ? 0.5 : 0.15));
    }
    return shipments.build();
  }

  private record Tariff(String name, double peakShare, double peakRate, double offPeakRate) {}

  private record Meter(String id, Tariff tariff, double household) {}

  /** ~50,000 daily readings of 1,200 electricity meters over 2024. */
  static Dataset energyMeters() {
    SeedDraws draw = new SeedDraws(909);
    Dataset.Builder readings =
        Dataset.builder(
                "energy_meters",
                SeedFormat.CSV,
                "daily meter reads: upper-case hex meter codes, meter -> tariff, kWh to 3 places"
                    + " with peak + off-peak = total, cost in cents")
            .column("meter_id", FieldType.STRING)
            .column("reading_date", FieldType.DATE)
            .column("tariff", FieldType.STRING)
            .column("peak_kwh", FieldType.DOUBLE)
            .column("offpeak_kwh", FieldType.DOUBLE)
            .column("total_kwh", FieldType.DOUBLE)
            .column("cost_eur", FieldType.DOUBLE)
            .column("estimated", FieldType.BOOLEAN)
            .constraint(new Constraint.Sum("total_kwh", List.of("peak_kwh", "offpeak_kwh"), 0.001))
            .constraint(new Constraint.Determines("meter_id", "tariff"));
    List<Tariff> tariffs =
        List.of(
            new Tariff("standard", 0.62, 0.28, 0.28),
            new Tariff("economy7", 0.45, 0.31, 0.14),
            new Tariff("ev-night", 0.35, 0.30, 0.09),
            new Tariff("green-fixed", 0.60, 0.27, 0.27));
    double standingCharge = 0.52;
    Set<String> meterIds = new HashSet<>();
    List<Meter> meters = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      meters.add(
          new Meter(
              SeedDraws.unique(meterIds, () -> "MTR-" + draw.chars(SeedDraws.UPPER_HEX, 8)),
              tariffs.get(draw.index(new double[] {50, 25, 10, 15})),
              draw.logNormal(1.0, 0.4)));
    }
    Set<String> meterDays = new HashSet<>();
    LocalDate first = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < 50_000; i++) {
      Meter meter = meters.get(i % meters.size());
      // One reading per meter and day.
      LocalDate day;
      do {
        day = first.plusDays(draw.between(0, 365));
      } while (!meterDays.add(meter.id() + day));
      double season = 1 + 0.35 * Math.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 366.0);
      BigDecimal total = places(9.5 * meter.household() * season * draw.logNormal(1, 0.25), 3);
      double share =
          Math.max(0.1, Math.min(0.9, meter.tariff().peakShare() + draw.gaussian(0, 0.05)));
      BigDecimal peak = places(total.doubleValue() * share, 3);
      BigDecimal offPeak = total.subtract(peak);
      double cost =
          peak.doubleValue() * meter.tariff().peakRate()
              + offPeak.doubleValue() * meter.tariff().offPeakRate()
              + standingCharge;
      readings.row(
          meter.id(),
          day,
          meter.tariff().name(),
          peak,
          offPeak,
          total,
          money(cost),
          draw.chance(0.04));
    }
    return readings.build();
  }
}
