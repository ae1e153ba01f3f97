#!/usr/bin/env python3
"""Writes orders.csv, the bundled example seed: synthetic online-shop orders with known dependencies.

Deterministic (fixed seed, standard library only): running it again rewrites the same bytes.
The dependencies form a forest with one parent per column, the shape the embedded engine models:

    region -> express_shipping -> delivery_days -> customer_rating -> review
    channel -> discount_pct
    channel -> product_category -> unit_price
                               \-> quantity
    order_date (seasonal, independent)        order_id (unique code, ordered by date)
"""

import csv
import datetime
import math
import os
import random

SEED = 20240917
ROWS = 400
START = datetime.date(2024, 1, 1)

REGIONS = ["North", "South", "East", "West", "Central"]
REGION_WEIGHTS = [22, 25, 20, 18, 15]
# Northern and central warehouses sit next to the express hub.
EXPRESS_SHARE = {"North": 0.65, "Central": 0.55, "East": 0.35, "West": 0.25, "South": 0.15}

CHANNELS = ["web", "mobile", "store"]
CHANNEL_WEIGHTS = [45, 35, 20]
# The app runs coupon campaigns, the shop floor rarely discounts.
DISCOUNTS = [0.0, 5.0, 10.0, 15.0, 20.0]
DISCOUNT_WEIGHTS = {
    "web": [40, 30, 20, 7, 3],
    "mobile": [10, 15, 30, 30, 15],
    "store": [80, 12, 6, 2, 0],
}

CATEGORIES = ["electronics", "home", "clothing", "books", "toys", "sports"]
CATEGORY_WEIGHTS = {
    "web": [30, 15, 20, 20, 8, 7],
    "mobile": [15, 10, 35, 15, 15, 10],
    "store": [10, 35, 15, 10, 10, 20],
}
# Median price and log-scale spread per category: a lognormal price within each category.
PRICE = {
    "electronics": (220.0, 0.55),
    "home": (48.0, 0.45),
    "clothing": (35.0, 0.35),
    "books": (14.0, 0.30),
    "toys": (25.0, 0.40),
    "sports": (65.0, 0.50),
}
# Cheap items are bought by the handful, expensive ones one at a time.
QUANTITY_WEIGHTS = {
    "electronics": [80, 15, 5, 0, 0, 0],
    "home": [45, 30, 15, 6, 3, 1],
    "clothing": [35, 30, 20, 10, 4, 1],
    "books": [30, 25, 20, 12, 8, 5],
    "toys": [35, 30, 18, 10, 5, 2],
    "sports": [55, 25, 12, 5, 2, 1],
}

OPENERS = {
    5: ["Absolutely love it.", "Fantastic purchase.", "Excellent quality and fast delivery.",
        "Exceeded my expectations."],
    4: ["Very happy with this order.", "Good product overall.", "Nice quality for the price.",
        "Pretty good experience."],
    3: ["It is okay.", "Average experience.", "Does the job, nothing special.",
        "Mixed feelings about this one."],
    2: ["Disappointed with this order.", "Not great.", "Below my expectations.",
        "Took far too long to arrive."],
    1: ["Terrible experience.", "Very disappointed.", "Would not order again.",
        "Arrived late and damaged."],
}
DETAILS = {
    5: ["Arrived earlier than promised and works perfectly.", "Packaging was neat and everything was intact.",
        "Will definitely buy from this shop again.", "Great value and the support team was friendly.",
        "Exactly as described on the website."],
    4: ["Delivery was on time and the item works well.", "A small scratch on the box but the product is fine.",
        "Would recommend it to friends.", "Setup was easy and quick."],
    3: ["Delivery took a few days longer than I hoped.", "Quality is acceptable for everyday use.",
        "The colour is slightly different from the photos.", "Nothing wrong with it but nothing impressive."],
    2: ["The parcel was late and nobody answered my emails.", "Quality feels cheap compared to the price.",
        "One part was missing and I had to ask for it.", "Tracking information was wrong for days."],
    1: ["The package arrived more than a week late.", "The item was broken and the refund is still pending.",
        "Customer service never replied to my complaint.", "Wrong size was delivered and returns are a hassle."],
}


def choose(rng, values, weights):
    return rng.choices(values, weights=weights, k=1)[0]


def order_date(rng):
    """A day of 2024, busier in November-December and a little in July-August."""
    while True:
        day = rng.randrange(366)
        date = START + datetime.timedelta(days=day)
        weight = {11: 2.2, 12: 2.6, 7: 1.4, 8: 1.3, 2: 0.7}.get(date.month, 1.0)
        if rng.random() * 2.6 < weight:
            return date


def delivery_days(rng, express):
    if express:
        return choose(rng, [1, 2, 3], [45, 40, 15])
    return choose(rng, [3, 4, 5, 6, 7, 8, 9], [10, 22, 25, 18, 12, 8, 5])


def customer_rating(rng, days):
    if days <= 2:
        weights = [2, 3, 10, 35, 50]
    elif days <= 4:
        weights = [4, 8, 25, 40, 23]
    elif days <= 6:
        weights = [10, 20, 35, 25, 10]
    else:
        weights = [30, 30, 25, 10, 5]
    return choose(rng, [1, 2, 3, 4, 5], weights)


def review(rng, rating):
    parts = [rng.choice(OPENERS[rating])]
    parts += rng.sample(DETAILS[rating], k=rng.choice([1, 1, 2, 3]))
    words = " ".join(parts).split()
    return " ".join(words[:30])


def make_rows(rng):
    drafts = []
    for _ in range(ROWS):
        region = choose(rng, REGIONS, REGION_WEIGHTS)
        channel = choose(rng, CHANNELS, CHANNEL_WEIGHTS)
        category = choose(rng, CATEGORIES, CATEGORY_WEIGHTS[channel])
        median, sigma = PRICE[category]
        express = rng.random() < EXPRESS_SHARE[region]
        days = delivery_days(rng, express)
        rating = customer_rating(rng, days)
        discount = choose(rng, DISCOUNTS, DISCOUNT_WEIGHTS[channel])
        drafts.append({
            "order_date": order_date(rng),
            "region": region,
            "channel": channel,
            "product_category": category,
            "quantity": choose(rng, [1, 2, 3, 4, 5, 6], QUANTITY_WEIGHTS[category]),
            "unit_price": "%.2f" % (median * math.exp(rng.gauss(0.0, sigma))),
            "discount_pct": "" if rng.random() < 0.03 else "%.1f" % discount,
            "express_shipping": "true" if express else "false",
            "delivery_days": days,
            "customer_rating": rating,
            "review": "" if rng.random() < 0.08 else review(rng, rating),
        })
    # Order ids grow with time, as a shop's would; gaps come from orders that never completed.
    drafts.sort(key=lambda row: row["order_date"])
    number = 10000
    rows = []
    for draft in drafts:
        number += rng.randint(1, 4)
        row = {"order_id": "ORD-%d" % number}
        row.update(draft)
        row["order_date"] = draft["order_date"].isoformat()
        rows.append(row)
    return rows


def main():
    rows = make_rows(random.Random(SEED))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orders.csv")
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print("wrote %d rows to %s" % (len(rows), path))


if __name__ == "__main__":
    main()
