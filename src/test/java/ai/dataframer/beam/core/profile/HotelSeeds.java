package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seed hotel bookings with known rules: a hotel determines its city, which determines its country;
 * a room type determines its maximum occupancy, which caps the guests, who are the adults plus the
 * children (whole numbers); check-out after check-in; a maximum price at or above the minimum.
 */
public final class HotelSeeds {
  public static final List<String> CITIES =
      List.of("Paris", "Lyon", "Berlin", "Munich", "Rome", "Milan", "Oslo", "Bergen");
  public static final List<String> COUNTRIES =
      List.of("France", "France", "Germany", "Germany", "Italy", "Italy", "Norway", "Norway");
  public static final List<String> ROOMS = List.of("single", "double", "family", "suite");
  public static final List<Integer> OCCUPANCY = List.of(1, 2, 4, 4);
  public static final int HOTELS = 40;

  private HotelSeeds() {}

  public static Map<String, FieldType> columns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("hotel", FieldType.STRING);
    columns.put("city", FieldType.STRING);
    columns.put("country", FieldType.STRING);
    columns.put("check_in", FieldType.DATE);
    columns.put("check_out", FieldType.DATE);
    columns.put("adults", FieldType.INT);
    columns.put("children", FieldType.INT);
    columns.put("guests", FieldType.INT);
    columns.put("room_type", FieldType.STRING);
    columns.put("max_occupancy", FieldType.INT);
    columns.put("min_price", FieldType.DOUBLE);
    columns.put("max_price", FieldType.DOUBLE);
    return columns;
  }

  /** Hotel {@code h} is in city {@code h % 8}. */
  public static String cityOf(String hotel) {
    return CITIES.get(Integer.parseInt(hotel.substring(1)) % CITIES.size());
  }

  public static List<Map<String, Object>> records(int count, long randomSeed) {
    SplittableRandom random = new SplittableRandom(randomSeed);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      int hotel = random.nextInt(HOTELS);
      row.put("hotel", "H" + hotel);
      row.put("city", CITIES.get(hotel % CITIES.size()));
      row.put("country", COUNTRIES.get(hotel % CITIES.size()));
      LocalDate in = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(365));
      row.put("check_in", in);
      row.put("check_out", in.plusDays(1 + random.nextInt(14)));
      int room = random.nextInt(ROOMS.size());
      int adults = 1 + random.nextInt(OCCUPANCY.get(room));
      int children = random.nextInt(OCCUPANCY.get(room) - adults + 1);
      row.put("adults", adults);
      row.put("children", children);
      row.put("guests", adults + children);
      row.put("room_type", ROOMS.get(room));
      row.put("max_occupancy", OCCUPANCY.get(room));
      double min = Math.round((50 + random.nextDouble() * 200) * 100) / 100.0;
      row.put("min_price", min);
      row.put(
          "max_price",
          random.nextInt(5) == 0
              ? min
              : Math.round((min + random.nextDouble() * 100) * 100) / 100.0);
      records.add(row);
    }
    return records;
  }
}
