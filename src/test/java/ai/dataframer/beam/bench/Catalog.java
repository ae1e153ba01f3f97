package ai.dataframer.beam.bench;

import ai.dataframer.beam.bench.CommerceSeeds.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A catalogue of multi-word product names ("Urban Navy Backpack"), each with one brand, one
 * category and one list price, as a shop's sales lines repeat them.
 */
final class Catalog {
  private Catalog() {}

  private record Item(String name, String category, double basePrice) {}

  private static final List<Item> ITEMS =
      List.of(
          new Item("Desk Lamp", "home", 39),
          new Item("Water Bottle", "sports", 18),
          new Item("Yoga Mat", "sports", 29),
          new Item("Backpack", "bags", 55),
          new Item("Rain Jacket", "apparel", 89),
          new Item("Wireless Earbuds", "electronics", 79),
          new Item("Phone Case", "electronics", 19),
          new Item("Coffee Grinder", "kitchen", 49),
          new Item("Chef Knife", "kitchen", 65),
          new Item("Cutting Board", "kitchen", 25),
          new Item("Running Shoes", "sports", 110),
          new Item("Wool Socks", "apparel", 14),
          new Item("Bluetooth Speaker", "electronics", 59),
          new Item("Travel Mug", "kitchen", 22),
          new Item("Notebook", "office", 9),
          new Item("Fountain Pen", "office", 35),
          new Item("Desk Organizer", "office", 27),
          new Item("Face Cream", "beauty", 24),
          new Item("Hair Dryer", "beauty", 49),
          new Item("USB-C Charger", "electronics", 29),
          new Item("Throw Blanket", "home", 39),
          new Item("Scented Candle", "home", 16),
          new Item("Bike Helmet", "sports", 69),
          new Item("Sunglasses", "apparel", 79),
          new Item("Duffel Bag", "bags", 75));

  private static final List<String> STYLES =
      List.of(
          "Classic",
          "Compact",
          "Premium",
          "Essential",
          "Urban",
          "Nordic",
          "Vintage",
          "Eco",
          "Pro",
          "Everyday",
          "Deluxe",
          "Slim");
  private static final double[] STYLE_PRICE_FACTOR = {
    1.0, 0.9, 1.6, 0.8, 1.0, 1.1, 1.2, 1.05, 1.3, 0.85, 1.4, 0.95
  };
  private static final List<String> FINISHES =
      List.of(
          "Oak",
          "Steel",
          "Bamboo",
          "Charcoal",
          "Ivory",
          "Navy",
          "Sage",
          "Walnut",
          "Copper",
          "Graphite");
  private static final List<String> BRANDS =
      List.of(
          "Northwind",
          "Alder & Co",
          "Kestrel",
          "Maplestone",
          "Bright Harbor",
          "Fjordline",
          "Urbanique",
          "Solace",
          "Trailhead",
          "Copperleaf",
          "Lumen Works",
          "Pebble Bay",
          "Greywell",
          "Evergrain",
          "Halcyon",
          "Ridgeback",
          "Moss & Stone",
          "Cobalt Lane");

  /** {@code count} distinct products in a random order (the order is their popularity rank). */
  static List<Product> products(SeedDraws draw, int count) {
    Set<String> names = new HashSet<>();
    List<Product> products = new ArrayList<>(count);
    while (products.size() < count) {
      int style = (int) draw.between(0, STYLES.size() - 1);
      Item item = draw.pick(ITEMS);
      String name = STYLES.get(style) + " " + draw.pick(FINISHES) + " " + item.name();
      if (!names.add(name)) {
        continue;
      }
      double price = item.basePrice() * STYLE_PRICE_FACTOR[style] * draw.uniform(0.9, 1.1);
      BigDecimal listPrice =
          draw.chance(0.7)
              ? SeedDraws.money(Math.floor(price) + 0.99)
              : SeedDraws.money(Math.round(price));
      products.add(new Product(name, draw.pick(BRANDS), item.category(), listPrice));
    }
    return products;
  }
}
