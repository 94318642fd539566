#!/usr/bin/env python3
"""Reads Paper Trends sink topics with Confluent's Python client and prints the records.

The values are Avro in the Confluent wire format (magic byte 0, a 4-byte big-endian schema
id, then Avro binary); AvroDeserializer fetches each writer schema from the schema registry by
that id. Keys are UTF-8 strings. Only committed records are read (isolation.level
read_committed): the services write in transactions.

    python consumer.py                          # follow trending-updates and trending-digest
    python consumer.py --from-beginning --until-end --json trending-keywords

Connection: --bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092, the demo's),
--schema-registry-url / SCHEMA_REGISTRY_URL (default http://127.0.0.1:8081),
--registry-user-info / SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO ("user:password", when the
registry needs it), --topic-prefix / PAPERTRENDS_TOPIC_PREFIX (default none).
"""
import argparse
import base64
import datetime
import decimal
import json
import os
import signal
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext, StringDeserializer

DEFAULT_TOPICS = ["trending-updates", "trending-digest"]


def parse_args(argv):
    p = argparse.ArgumentParser(description="Print the records of Paper Trends sink topics.")
    p.add_argument("topics", nargs="*", metavar="TOPIC",
                   help="topics to read, without the prefix (default: %s)" % " ".join(DEFAULT_TOPICS))
    p.add_argument("--bootstrap-servers", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                   help="Kafka bootstrap servers (default: %(default)s)")
    p.add_argument("--schema-registry-url", default=os.environ.get("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"),
                   help="schema registry URL (default: %(default)s)")
    p.add_argument("--registry-user-info", default=os.environ.get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"),
                   help="user:password for a registry that needs basic auth")
    p.add_argument("--topic-prefix", default=os.environ.get("PAPERTRENDS_TOPIC_PREFIX", ""),
                   help="the deployment's papertrends.topic.prefix")
    p.add_argument("--group", default="papertrends-example-python",
                   help="consumer group when following (default: %(default)s)")
    p.add_argument("--from-beginning", action="store_true",
                   help="start at the beginning of each partition (a new group starts at the end otherwise)")
    p.add_argument("--until-end", action="store_true",
                   help="read every partition from its beginning to its end, then exit (no group offsets)")
    p.add_argument("--json", action="store_true",
                   help="one JSON object a line: topic, partition, offset, timestamp, key, value")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="with --until-end: give up (exit 1) after this many seconds (default: %(default)s)")
    return p.parse_args(argv)


def plain(value):
    """A decoded Avro value as plain JSON: timestamps as ISO-8601 strings, bytes as base64."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def summary(base, key, value):
    """A line or a few for a person reading along."""
    if value is None:
        return "%s %s: deleted (tombstone)" % (base, key)
    if base == "trending-updates":
        lines = ["%s %s %s as of %s: %d papers" % (base, value["scope"], value["window"],
                                                   plain(value["asOf"]), len(value["entries"]))]
        for e in value["entries"][:3]:
            lines.append("  %2d. %s  (%s, score %.1f)" % (e["rank"], e["title"] or "", e["paperId"], e["score"]))
        return "\n".join(lines)
    if base == "trending-digest":
        lines = ["%s %s %s (%s, window %s): %d papers" % (base, value["scope"], value["date"], value["zone"],
                                                          value["window"], len(value["entries"]))]
        for e in value["entries"][:3]:
            lines.append("  %2d. %s  %s" % (e["rank"], e["title"] or e["paperId"], e["url"] or ""))
        return "\n".join(lines)
    return "%s %s: %s" % (base, key, json.dumps(plain(value), ensure_ascii=False)[:300])


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    bases = args.topics or DEFAULT_TOPICS
    names = [args.topic_prefix + t for t in bases]

    registry_conf = {"url": args.schema_registry_url}
    if args.registry_user_info:
        registry_conf["basic.auth.user.info"] = args.registry_user_info
    registry = SchemaRegistryClient(registry_conf)
    # No reader schema: each record is decoded with the schema it was written with.
    values = AvroDeserializer(schema_registry_client=registry)
    keys = StringDeserializer("utf_8")

    conf = {
        "bootstrap.servers": args.bootstrap_servers,
        "isolation.level": "read_committed",
        "enable.auto.commit": not args.until_end,
        "auto.offset.reset": "earliest" if args.from_beginning or args.until_end else "latest",
        "group.id": args.group,
        "enable.partition.eof": args.until_end,
    }
    consumer = Consumer(conf)

    pending = set()
    if args.until_end:
        metadata = consumer.list_topics(timeout=30)
        assignment = []
        for name in names:
            topic = metadata.topics.get(name)
            if topic is None or topic.error is not None or not topic.partitions:
                print("no topic %s" % name, file=sys.stderr)
                return 2
            for p in topic.partitions:
                assignment.append(TopicPartition(name, p, OFFSET_BEGINNING))
                pending.add((name, p))
        consumer.assign(assignment)
    else:
        consumer.subscribe(names)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    deadline = time.monotonic() + args.timeout
    count = 0
    try:
        while not stopping:
            if args.until_end and not pending:
                break
            if args.until_end and time.monotonic() > deadline:
                print("did not reach the end of %s within %.0f s" % (sorted(pending), args.timeout), file=sys.stderr)
                return 1
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    pending.discard((msg.topic(), msg.partition()))
                    continue
                raise KafkaException(msg.error())
            base = msg.topic()[len(args.topic_prefix):]
            key = keys(msg.key(), SerializationContext(msg.topic(), MessageField.KEY))
            value = values(msg.value(), SerializationContext(msg.topic(), MessageField.VALUE))
            count += 1
            if args.json:
                ts = datetime.datetime.fromtimestamp(msg.timestamp()[1] / 1000, tz=datetime.timezone.utc)
                print(json.dumps({"topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(),
                                  "timestamp": plain(ts), "key": key, "value": plain(value)}, ensure_ascii=False))
            else:
                print(summary(base, key, value))
            sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    print("%d records" % count, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
