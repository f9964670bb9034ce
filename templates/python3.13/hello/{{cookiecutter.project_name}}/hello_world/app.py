"""GET /hello: greets the caller, by name when the query string has ?name=..."""

import json

DEFAULT_NAME = "world"
MAX_NAME_LENGTH = 64


def greeting_for(event):
    """Returns the greeting text for an API Gateway proxy event."""
    params = event.get("queryStringParameters") or {}
    name = (params.get("name") or "").strip()
    if not name:
        name = DEFAULT_NAME
    return "hello " + name[:MAX_NAME_LENGTH]


def lambda_handler(event, context):
    """API Gateway (REST, proxy integration) handler.

    event: the request, see events/event.json for its shape.
    context: the Lambda context object (unused here).
    Returns the proxy response: status code, headers and a JSON body.
    """
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": greeting_for(event)}),
    }
