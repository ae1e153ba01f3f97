package ai.dataframer.beam.bench;

import static ai.dataframer.beam.bench.SeedDraws.money;

import ai.dataframer.beam.bench.Dataset.SeedFormat;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Seeds of a shop: orders, sales lines of named products, customers, card payments. */
final class CommerceSeeds {
  private CommerceSeeds() {}

  record City(String name, String country, String region, double vatRate, double weight) {}

  static final List<City> CITIES =
      List.of(
          new City("Paris", "France", "EU-West", 0.20, 9),
          new City("Lyon", "France", "EU-West", 0.20, 4),
          new City("Marseille", "France", "EU-West", 0.20, 3),
          new City("Berlin", "Germany", "EU-Central", 0.19, 8),
          new City("Munich", "Germany", "EU-Central", 0.19, 5),
          new City("Hamburg", "Germany", "EU-Central", 0.19, 4),
          new City("Cologne", "Germany", "EU-Central", 0.19, 3),
          new City("Madrid", "Spain", "EU-South", 0.21, 6),
          new City("Barcelona", "Spain", "EU-South", 0.21, 5),
          new City("Valencia", "Spain", "EU-South", 0.21, 2),
          new City("Lisbon", "Portugal", "EU-South", 0.23, 3),
          new City("Porto", "Portugal", "EU-South", 0.23, 2),
          new City("Milan", "Italy", "EU-South", 0.22, 5),
          new City("Rome", "Italy", "EU-South", 0.22, 4),
          new City("Amsterdam", "Netherlands", "EU-West", 0.21, 5),
          new City("Rotterdam", "Netherlands", "EU-West", 0.21, 2),
          new City("Brussels", "Belgium", "EU-West", 0.21, 3),
          new City("Vienna", "Austria", "EU-Central", 0.20, 3),
          new City("Warsaw", "Poland", "EU-East", 0.23, 4),
          new City("Krakow", "Poland", "EU-East", 0.23, 2),
          new City("Prague", "Czechia", "EU-East", 0.21, 3),
          new City("Dublin", "Ireland", "EU-West", 0.23, 2),
          new City("Copenhagen", "Denmark", "Nordics", 0.25, 2),
          new City("Stockholm", "Sweden", "Nordics", 0.25, 3));

  private static final double[] MONTH_WEIGHTS = {8, 7, 8, 8, 8, 8, 7, 7, 8, 9, 12, 14};

  /** ~5,000 web shop orders. */
  static Dataset orders() {
    SeedDraws draw = new SeedDraws(101);
    Dataset.Builder orders =
        Dataset.builder(
                "orders",
                SeedFormat.CSV,
                "shop orders: ORD- keys, prices in cents, subtotal + VAT + shipping = total,"
                    + " city -> country and region")
            .column("order_id", FieldType.STRING)
            .column("ordered_on", FieldType.DATE)
            .column("city", FieldType.STRING)
            .column("country", FieldType.STRING)
            .column("region", FieldType.STRING)
            .column("channel", FieldType.STRING)
            .column("product_category", FieldType.STRING)
            .column("quantity", FieldType.LONG)
            .column("unit_price", FieldType.DOUBLE)
            .column("subtotal", FieldType.DOUBLE)
            .column("tax", FieldType.DOUBLE)
            .column("express_shipping", FieldType.BOOLEAN)
            .column("shipping", FieldType.DOUBLE)
            .column("total", FieldType.DOUBLE)
            .key("order_id")
            .constraint(new Constraint.Sum("total", List.of("subtotal", "tax", "shipping"), 0.01))
            .constraint(new Constraint.Determines("city", "country"))
            .constraint(new Constraint.Determines("city", "region"));
    List<String> categories =
        List.of("electronics", "home", "books", "toys", "apparel", "beauty", "sports");
    double[] categoryWeights = {18, 20, 15, 10, 17, 10, 10};
    double[] medianPrice = {120, 35, 14, 25, 40, 18, 45};
    double[] priceSpread = {0.7, 0.6, 0.35, 0.5, 0.5, 0.45, 0.6};
    double[] cityWeights = CITIES.stream().mapToDouble(City::weight).toArray();
    long number = 100231;
    for (int i = 0; i < 5_000; i++) {
      number += draw.chance(0.8) ? 1 : draw.between(2, 4);
      City city = CITIES.get(draw.index(cityWeights));
      int category = draw.index(categoryWeights);
      BigDecimal unitPrice = shelfPrice(draw, medianPrice[category], priceSpread[category]);
      long quantity = 1 + draw.index(new double[] {55, 22, 10, 6, 4, 3});
      BigDecimal subtotal = unitPrice.multiply(BigDecimal.valueOf(quantity));
      BigDecimal tax =
          subtotal.multiply(BigDecimal.valueOf(city.vatRate())).setScale(2, RoundingMode.HALF_UP);
      String channel =
          draw.pick(List.of("web", "mobile", "marketplace"), new double[] {52, 38, 10});
      boolean express = draw.chance(channel.equals("mobile") ? 0.16 : 0.10);
      BigDecimal shipping =
          express
              ? new BigDecimal("9.99")
              : subtotal.compareTo(BigDecimal.valueOf(50)) >= 0
                  ? new BigDecimal("0.00")
                  : new BigDecimal("4.99");
      orders.row(
          String.format(Locale.ROOT, "ORD-%06d", number),
          dayOf2024(draw),
          city.name(),
          city.country(),
          city.region(),
          channel,
          categories.get(category),
          quantity,
          unitPrice,
          subtotal,
          tax,
          express,
          shipping,
          subtotal.add(tax).add(shipping));
    }
    return orders.build();
  }

  /** ~10,000 sales lines of 300 named products, popular ones far more often (Zipf). */
  static Dataset productSales() {
    SeedDraws draw = new SeedDraws(404);
    Dataset.Builder sales =
        Dataset.builder(
                "product_sales",
                SeedFormat.CSV,
                "sales lines: sequential integer keys, 300 multi-word product names with"
                    + " repeats, name -> brand and category, prices in cents")
            .column("line_id", FieldType.LONG)
            .column("sold_on", FieldType.DATE)
            .column("store", FieldType.STRING)
            .column("product_name", FieldType.STRING)
            .column("brand", FieldType.STRING)
            .column("category", FieldType.STRING)
            .column("quantity", FieldType.LONG)
            .column("unit_price", FieldType.DOUBLE)
            .column("line_total", FieldType.DOUBLE)
            .column("loyalty_member", FieldType.BOOLEAN)
            .key("line_id")
            .constraint(new Constraint.Determines("product_name", "brand"))
            .constraint(new Constraint.Determines("product_name", "category"));
    List<Product> products = Catalog.products(draw, 300);
    double[] popularity = SeedDraws.zipf(products.size(), 1.1);
    List<String> stores =
        List.of(
            "Lyon Part-Dieu",
            "Paris Bercy",
            "Paris Opera",
            "Lille Centre",
            "Nantes Atlantis",
            "Bordeaux Lac",
            "Toulouse Blagnac",
            "Nice Etoile",
            "Strasbourg Halles",
            "Marseille Terrasses",
            "Rennes Colombia",
            "Online");
    double[] storeWeights = {8, 10, 7, 5, 4, 5, 5, 4, 4, 5, 3, 30};
    for (int i = 0; i < 10_000; i++) {
      Product product = products.get(draw.index(popularity));
      double promotion = draw.pick(List.of(1.0, 0.9, 0.75), new double[] {85, 10, 5});
      BigDecimal unitPrice = money(product.listPrice().doubleValue() * promotion);
      long quantity = 1 + draw.index(new double[] {70, 18, 8, 4});
      sales.row(
          5_000_001L + i,
          dayOf2024(draw),
          stores.get(draw.index(storeWeights)),
          product.name(),
          product.brand(),
          product.category(),
          quantity,
          unitPrice,
          unitPrice.multiply(BigDecimal.valueOf(quantity)),
          draw.chance(0.4));
    }
    return sales.build();
  }

  record Product(String name, String brand, String category, BigDecimal listPrice) {}

  /** ~3,000 customer accounts with sequential integer ids. */
  static Dataset customers() {
    SeedDraws draw = new SeedDraws(505);
    Dataset.Builder customers =
        Dataset.builder(
                "customers",
                SeedFormat.CSV,
                "accounts: sequential integer keys, plan -> monthly fee, 20-30% nulls"
                    + " (age of business accounts, loyalty tier), logins in whole minutes")
            .column("customer_id", FieldType.LONG)
            .column("signup_date", FieldType.DATE)
            .column("country", FieldType.STRING)
            .column("segment", FieldType.STRING)
            .column("plan", FieldType.STRING)
            .column("monthly_fee", FieldType.DOUBLE)
            .column("age", FieldType.LONG)
            .column("orders_count", FieldType.LONG)
            .column("lifetime_value", FieldType.DOUBLE)
            .column("loyalty_tier", FieldType.STRING)
            .column("last_login_at", FieldType.TIMESTAMP)
            .column("is_active", FieldType.BOOLEAN)
            .key("customer_id")
            .constraint(new Constraint.Determines("plan", "monthly_fee"));
    List<String> plans = List.of("free", "basic", "plus", "pro", "enterprise");
    List<BigDecimal> fees =
        List.of(
            new BigDecimal("0.00"),
            new BigDecimal("9.99"),
            new BigDecimal("19.99"),
            new BigDecimal("49.99"),
            new BigDecimal("199.00"));
    List<String> countries =
        List.of(
            "France", "Germany", "Spain", "Italy", "Netherlands", "Poland", "Sweden", "Ireland");
    double[] countryWeights = {22, 25, 14, 12, 9, 8, 5, 5};
    double[] yearWeights = {6, 9, 13, 16, 22, 34};
    LocalDate end = LocalDate.of(2024, 12, 31);
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    for (int i = 0; i < 3_000; i++) {
      int year = 2019 + draw.index(yearWeights);
      LocalDate signup = LocalDate.of(year, 1, 1).plusDays(draw.between(0, 364));
      boolean business = draw.chance(0.22);
      int plan =
          business
              ? draw.index(new double[] {5, 10, 25, 40, 20})
              : draw.index(new double[] {45, 30, 17, 7, 1});
      long tenureMonths = Math.max(1, ChronoUnit.MONTHS.between(signup, end));
      long ordersCount = Math.max(0, Math.round(draw.logNormal(tenureMonths * 0.5 + 1, 0.6)) - 1);
      double value =
          ordersCount * draw.logNormal(45, 0.35) + fees.get(plan).doubleValue() * tenureMonths;
      String tier = null;
      if (draw.chance(0.70)) {
        tier = value > 2_500 ? "gold" : value > 600 ? "silver" : "bronze";
      }
      Instant lastLogin = null;
      boolean active = false;
      if (draw.chance(0.85)) {
        long daysAgo = Math.min(Math.round(draw.logNormal(9, 1.2)), tenureMonths * 30);
        lastLogin =
            draw.instant(
                now.minus(daysAgo + 1, ChronoUnit.DAYS),
                now.minus(daysAgo, ChronoUnit.DAYS),
                60_000);
        active = daysAgo <= 30;
      }
      customers.row(
          10_001L + i,
          signup,
          countries.get(draw.index(countryWeights)),
          business ? "business" : "consumer",
          plans.get(plan),
          fees.get(plan),
          business ? null : Math.max(18, Math.min(85, Math.round(draw.gaussian(38, 12)))),
          ordersCount,
          money(value),
          tier,
          lastLogin,
          active);
    }
    return customers.build();
  }

  /** ~6,000 card payments as Parquet, amounts as DECIMAL(10,2). */
  static Dataset payments() {
    SeedDraws draw = new SeedDraws(606);
    Dataset.Builder payments =
        Dataset.builder(
                "payments",
                SeedFormat.PARQUET,
                "card payments in Parquet: pay_ keys, DECIMAL(10,2) amount = net + fee,"
                    + " country -> currency, timestamps in milliseconds")
            .column("payment_id", FieldType.STRING)
            .column("created_at", FieldType.TIMESTAMP)
            .column("country", FieldType.STRING)
            .column("currency", FieldType.STRING)
            .column("card_brand", FieldType.STRING)
            .column("amount", FieldType.DECIMAL)
            .column("fee", FieldType.DECIMAL)
            .column("net", FieldType.DECIMAL)
            .column("status", FieldType.STRING)
            .column("risk_score", FieldType.LONG)
            .column("three_d_secure", FieldType.BOOLEAN)
            .key("payment_id")
            .constraint(new Constraint.Sum("amount", List.of("net", "fee"), 0.0))
            .constraint(new Constraint.Order("amount", ">", "fee"))
            .constraint(new Constraint.Determines("country", "currency"));
    List<String[]> countries =
        List.of(
            new String[] {"France", "EUR"},
            new String[] {"Germany", "EUR"},
            new String[] {"Spain", "EUR"},
            new String[] {"Italy", "EUR"},
            new String[] {"Netherlands", "EUR"},
            new String[] {"Ireland", "EUR"},
            new String[] {"United Kingdom", "GBP"},
            new String[] {"Sweden", "SEK"},
            new String[] {"Poland", "PLN"},
            new String[] {"United States", "USD"});
    double[] countryWeights = {20, 22, 10, 9, 7, 3, 12, 4, 5, 8};
    Set<String> ids = new HashSet<>();
    Instant from = Instant.parse("2024-09-01T00:00:00Z");
    Instant to = Instant.parse("2024-11-01T00:00:00Z");
    for (int i = 0; i < 6_000; i++) {
      String[] country = countries.get(draw.index(countryWeights));
      String currency = country[1];
      double perEuro = currency.equals("SEK") ? 11.5 : currency.equals("PLN") ? 4.3 : 1.0;
      String brand = draw.pick(List.of("visa", "mastercard", "amex"), new double[] {55, 35, 10});
      BigDecimal amount = money(Math.max(0.5, draw.logNormal(42, 0.9)) * perEuro);
      double rate = (currency.equals("EUR") ? 0.015 : 0.029) + (brand.equals("amex") ? 0.01 : 0);
      double fixed = (currency.equals("EUR") ? 0.25 : 0.30) * perEuro;
      BigDecimal fee = money(amount.doubleValue() * rate + fixed);
      if (fee.compareTo(amount) >= 0) {
        amount = fee.add(new BigDecimal("1.00"));
      }
      long risk = Math.min(99, Math.round(draw.logNormal(brand.equals("amex") ? 22 : 12, 0.7)));
      String status =
          risk > 70
              ? draw.pick(List.of("succeeded", "disputed"), new double[] {70, 30})
              : draw.pick(List.of("succeeded", "refunded"), new double[] {96, 4});
      payments.row(
          SeedDraws.unique(ids, () -> "pay_" + draw.chars(SeedDraws.MIXED_ALNUM, 14)),
          draw.instant(from, to, 1),
          country[0],
          currency,
          brand,
          amount,
          fee,
          amount.subtract(fee),
          status,
          risk,
          risk > 30 || draw.chance(0.35));
    }
    return payments.build();
  }

  /** A day of 2024, busier towards the year's end. */
  static LocalDate dayOf2024(SeedDraws draw) {
    int month = 1 + draw.index(MONTH_WEIGHTS);
    LocalDate first = LocalDate.of(2024, month, 1);
    return first.plusDays(draw.between(0, first.lengthOfMonth() - 1));
  }

  /** A shelf price: log-normal around the median, often ending in .99. */
  static BigDecimal shelfPrice(SeedDraws draw, double median, double spread) {
    double price = Math.max(2.0, draw.logNormal(median, spread));
    return draw.chance(0.45) ? money(Math.floor(price) + 0.99) : money(price);
  }
}
