#!/usr/bin/env python3
"""Reads a built report's structured data the way a search engine or a link
preview does, with extruct (a standard extractor of JSON-LD and Open Graph),
and checks it against the data the report was built from.

Usage: check.py REPORT_DIR DATA_DIR [BASE_URL]

- JSON-LD: one schema.org graph of ClaimReview nodes, one per claim whose
  verdict in REPORT_DIR/metrics.json is `holds` or `fails`, in claims.csv's
  order and no other: the claim's text, its source's publisher, title, address
  and date (sources.csv), the rating (2 holds, 1 fails, on a scale from 1 to 2),
  the report's as-of day, and with BASE_URL the address of the claim's row,
  which the page has.
- With BASE_URL: the canonical link, the Open Graph tags (og:image a PNG in
  the report of the size the tags say) and the Twitter card. Without it: none
  of those, and no PNG.
"""

import csv
import json
import struct
import sys
from pathlib import Path

import extruct
import lxml.html

RATINGS = {"holds": 2, "fails": 1}


def fail(message):
    sys.exit(f"error: {message}")


def expect(actual, expected, what):
    if actual != expected:
        fail(f"{what}: expected {expected!r}, found {actual!r}")


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def check_reviews(graph, page, report, data, base_url):
    metrics = json.loads((report / "metrics.json").read_text(encoding="utf-8"))
    claims, sources = rows(data / "claims.csv"), rows(data / "sources.csv")
    verdicts = {c["id"]: c["verdict"] for c in metrics["claims"]}
    published = [i for i in claims if verdicts.get(i) in RATINGS]
    expect(len(graph), len(published), "ClaimReview nodes")
    for claim_id, review in zip(published, graph):
        claim, verdict = claims[claim_id], verdicts[claim_id]
        source = sources[claim["source"]]
        what = f"the review of {claim_id}"
        expect(review["@type"], "ClaimReview", f"{what}: @type")
        if base_url:
            expect(review.get("url"), f"{base_url}#claim-{claim_id}", f"{what}: url")
            if not page.xpath("//tr[@id=$id]", id=f"claim-{claim_id}"):
                fail(f"{what}: the page has no row claim-{claim_id}")
        else:
            expect(review.get("url"), None, f"{what}: url")
        expect(review["claimReviewed"], claim["text"], f"{what}: claimReviewed")
        item = review["itemReviewed"]
        expect(item["@type"], "Claim", f"{what}: itemReviewed")
        expect(item["author"], {"@type": "Organization", "name": source["publisher"]}, f"{what}: the claim's author")
        expect(item.get("datePublished"), source["published"] or None, f"{what}: the claim's date")
        appearance = {"@type": "CreativeWork", "headline": source["title"]}
        if source["url"]:
            appearance["url"] = source["url"]
        expect(item["appearance"], appearance, f"{what}: appearance")
        expect(review["author"]["@type"], "Organization", f"{what}: author")
        expect(review.get("datePublished"), metrics["as_of"], f"{what}: datePublished")
        rating = review["reviewRating"]
        expect(rating["ratingValue"], RATINGS[verdict], f"{what}: ratingValue ({verdict})")
        expect((rating["bestRating"], rating["worstRating"]), (2, 1), f"{what}: the scale")
        if not rating["alternateName"].startswith(verdict):
            fail(f"{what}: alternateName {rating['alternateName']!r} is not {verdict!r}")
    held = sum(verdicts[i] == "holds" for i in published)
    return f"{len(published)} ClaimReviews ({held} hold, {len(published) - held} fail)"


def png_size(path):
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        fail(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def check_preview(og, page, report, base_url):
    canonical = page.xpath("//link[@rel='canonical']/@href")
    cards = page.xpath("//meta[starts-with(@name, 'twitter:')]")
    pngs = sorted(p.name for p in (report / "charts").glob("*.png"))
    if not base_url:
        if og or canonical or cards or pngs:
            fail(f"without a base URL: {og} {canonical} {len(cards)} cards, {pngs}")
        return "no preview tags, no PNG"
    expect(canonical, [base_url], "canonical")
    expect(len(og), 1, "Open Graph objects")
    tags = og[0]
    expect(tags["@type"], "article", "og:type")
    expect(tags["og:url"], base_url, "og:url")
    expect(tags["og:title"], page.findtext(".//title"), "og:title")
    # The lede's first sentence, else the summary's.
    lede = page.xpath("//p[@class='lede-story']")
    if lede:
        first = lede[0].text_content().split(". ")[0].rstrip(".") + "."
    else:
        first = page.xpath("//section[@id='summary']//li")[0].text_content()
    expect(tags["og:description"], first, "og:description")
    image = tags["og:image"]
    if not image.startswith(base_url):
        fail(f"og:image {image} is not under {base_url}")
    file = image[len(base_url):]
    expect(pngs, [Path(file).name], "the PNGs")
    width, height = png_size(report / file)
    expect((tags["og:image:width"], tags["og:image:height"]), (str(width), str(height)), "og:image size")
    card = page.xpath("//meta[@name='twitter:card']/@content")
    expect(card, ["summary_large_image"], "twitter:card")
    return f"canonical, {len(tags) - 1} Open Graph tags, og:image {file} {width}x{height}"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    report, data = Path(sys.argv[1]), Path(sys.argv[2])
    base_url = sys.argv[3] if len(sys.argv) == 4 else None
    html = (report / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=base_url, syntaxes=["json-ld", "opengraph"], uniform=True)
    page = lxml.html.fromstring(html)
    blocks = found["json-ld"]
    expect(len(blocks), 1, "JSON-LD blocks")
    expect(blocks[0]["@context"], "https://schema.org", "@context")
    reviews = check_reviews(blocks[0]["@graph"], page, report, data, base_url)
    preview = check_preview(found["opengraph"], page, report, base_url)
    print(f"structured data of {report}: {reviews} match {data}/claims.csv; {preview}")


if __name__ == "__main__":
    main()
