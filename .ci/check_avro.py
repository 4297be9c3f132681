"""Checks Trident's Avro output with the Python `avro` package (an independent implementation).

Usage: check_avro.py AVSC_DIR SAMPLE_DIR

Every .avsc file in AVSC_DIR must parse, and SAMPLE_DIR/orders.avro (an object container file
written by Trident) must read back with the values in SAMPLE_DIR/expected.json.
"""

import datetime
import glob
import json
import os
import sys

import avro.datafile
import avro.io
import avro.schema


def micros(value):
    """Microseconds since the epoch of a timestamp-micros value as Python `avro` returns it."""
    if isinstance(value, datetime.datetime):
        delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return value


def payment(value):
    if value is None:
        return None
    if isinstance(value, str):
        return {"iban": value}
    if isinstance(value, int):
        return {"points": value}
    if "last_four" in value:
        return {"card_last_four": value["last_four"]}
    return {"voucher": value["code"]}


def main(avsc_dir, sample_dir):
    files = sorted(glob.glob(os.path.join(avsc_dir, "*.avsc")))
    if not files:
        sys.exit(f"no .avsc files in {avsc_dir}")
    for path in files:
        with open(path) as f:
            avro.schema.parse(f.read())
    print(f"python avro parses all {len(files)} exported .avsc files")

    with open(os.path.join(sample_dir, "orders.avro"), "rb") as f:
        reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        codec = reader.get_meta("avro.codec").decode()
        records = list(reader)
    with open(os.path.join(sample_dir, "expected.json")) as f:
        expected = json.load(f)
    if len(records) != len(expected):
        sys.exit(f"read {len(records)} records, expected {len(expected)}")
    for got, want in zip(records, expected):
        actual = {
            "id": got["id"],
            "customer_name": got["customer"]["name"],
            "customer_id": str(got["customer"]["id"]),
            "skus": [item["sku"] for item in got["items"]],
            "quantities": [item["quantity"] for item in got["items"]],
            "status": got["status"],
            "placed_at_micros": micros(got["placed_at"]),
            "note": got["note"],
            "payment": payment(got["payment"]),
        }
        if actual != want:
            sys.exit(f"mismatch:\n  read     {actual}\n  expected {want}")
    print(f"python avro reads the {len(records)} orders of a {codec} container file written by Trident")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
