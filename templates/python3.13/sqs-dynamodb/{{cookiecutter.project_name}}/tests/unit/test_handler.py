"""Unit tests of store_message/app.py with an in-memory table in place of DynamoDB: run
`python3 -m unittest discover -s tests/unit -t .` (or `python3 -m pytest tests/unit`)."""

import json
import pathlib
import unittest
from decimal import Decimal
from unittest import mock

from store_message import app

EVENT_FILE = pathlib.Path(__file__).resolve().parents[2] / "events" / "event.json"


class MemoryTable:
    """Stands in for a boto3 Table: keeps put items, fails for the ids it is told to."""

    def __init__(self, failing_ids=()):
        self.items = {}
        self.failing_ids = set(failing_ids)

    def put_item(self, Item):
        if Item["id"] in self.failing_ids:
            raise RuntimeError("ProvisionedThroughputExceededException")
        self.items[Item["id"]] = Item


def sqs_record(message_id, body, sent="1767225600000"):
    return {"messageId": message_id, "body": body, "attributes": {"SentTimestamp": sent}}


class StoreMessageTest(unittest.TestCase):
    def run_handler(self, event, table):
        with mock.patch.object(app, "table", return_value=table), \
                mock.patch("builtins.print"):
            return app.lambda_handler(event, None)

    def test_sample_event_stores_the_good_message_and_reports_the_bad_one(self):
        with open(EVENT_FILE, encoding="utf-8") as f:
            event = json.load(f)
        table = MemoryTable()
        result = self.run_handler(event, table)
        self.assertEqual(list(table.items), ["item-1"])
        self.assertEqual(table.items["item-1"]["price"], Decimal("2.5"))
        self.assertEqual(table.items["item-1"]["sentAt"], 1767225600000)
        bad_id = event["Records"][1]["messageId"]
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": bad_id}]})

    def test_every_message_stored_reports_no_failure(self):
        event = {"Records": [sqs_record("m1", '{"id": "a"}'), sqs_record("m2", '{"id": "b"}')]}
        table = MemoryTable()
        self.assertEqual(self.run_handler(event, table), {"batchItemFailures": []})
        self.assertEqual(sorted(table.items), ["a", "b"])

    def test_a_table_error_fails_only_that_message(self):
        event = {"Records": [sqs_record("m1", '{"id": "a"}'), sqs_record("m2", '{"id": "b"}')]}
        table = MemoryTable(failing_ids={"a"})
        result = self.run_handler(event, table)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "m1"}]})
        self.assertEqual(list(table.items), ["b"])

    def test_bodies_that_are_not_items_are_rejected(self):
        for body in ["[1, 2]", '"text"', "{}", '{"id": ""}', '{"id": 7}', "{", None]:
            with self.subTest(body=body):
                with self.assertRaises(app.BadMessage):
                    app.item_from_body(body)

    def test_a_sent_time_in_the_body_is_kept(self):
        item = app.item_from_body('{"id": "a", "sentAt": 5}', "1767225600000")
        self.assertEqual(item["sentAt"], 5)

    def test_an_empty_event_reports_no_failure(self):
        self.assertEqual(self.run_handler({}, MemoryTable()), {"batchItemFailures": []})


if __name__ == "__main__":
    unittest.main()
