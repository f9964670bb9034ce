"""Stores the JSON objects of SQS messages as items of a DynamoDB table.

Each message body must be a JSON object with a non-empty string "id" (the table's key).
Messages that are not stored are reported back to Lambda as batch item failures, so only
they return to the queue; after the queue's maxReceiveCount they move to the dead-letter queue.
"""

import json
import os
from decimal import Decimal

_table = None


class BadMessage(ValueError):
    """A message body that cannot become an item."""


def table():
    """The DynamoDB table named by TABLE_NAME, created once per execution environment."""
    global _table
    if _table is None:
        import boto3  # provided by the Lambda runtime; imported here so tests do not need it

        _table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    return _table


def item_from_body(body, sent_timestamp=None):
    """The item for one message body. Numbers become Decimal, as DynamoDB requires."""
    try:
        item = json.loads(body, parse_float=Decimal)
    except (TypeError, ValueError) as e:
        raise BadMessage(f"body is not JSON: {e}") from e
    if not isinstance(item, dict):
        raise BadMessage("body is not a JSON object")
    key = item.get("id")
    if not isinstance(key, str) or not key:
        raise BadMessage('body has no "id" string')
    if sent_timestamp is not None and "sentAt" not in item:
        item["sentAt"] = int(sent_timestamp)
    return item


def store_record(record):
    """Puts one SQS record's item into the table; raises on any failure."""
    sent = record.get("attributes", {}).get("SentTimestamp")
    table().put_item(Item=item_from_body(record.get("body"), sent))


def lambda_handler(event, context):
    """SQS event source handler with ReportBatchItemFailures.

    Returns {"batchItemFailures": [{"itemIdentifier": messageId}, ...]} for the messages
    that were not stored.
    """
    failures = []
    for record in event.get("Records", []):
        try:
            store_record(record)
        except Exception as e:  # one bad message must not fail the whole batch
            print(json.dumps({"messageId": record.get("messageId"), "error": str(e)}))
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}
