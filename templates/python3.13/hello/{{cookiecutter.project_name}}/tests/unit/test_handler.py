"""Unit tests of hello_world/app.py: run with `python3 -m pytest tests/unit` or
`python3 -m unittest discover -s tests/unit -t .` from the project folder."""

import json
import pathlib
import unittest

from hello_world import app

EVENT_FILE = pathlib.Path(__file__).resolve().parents[2] / "events" / "event.json"


def load_event():
    with open(EVENT_FILE, encoding="utf-8") as f:
        return json.load(f)


class HelloWorldTest(unittest.TestCase):
    def test_sample_event_greets_the_name_from_the_query_string(self):
        response = app.lambda_handler(load_event(), None)
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(response["headers"]["Content-Type"], "application/json")
        self.assertEqual(json.loads(response["body"]), {"message": "hello samc"})

    def test_no_query_string_greets_the_world(self):
        event = load_event()
        event["queryStringParameters"] = None
        body = json.loads(app.lambda_handler(event, None)["body"])
        self.assertEqual(body["message"], "hello world")

    def test_blank_name_greets_the_world(self):
        event = {"queryStringParameters": {"name": "   "}}
        self.assertEqual(app.greeting_for(event), "hello world")

    def test_long_names_are_cut(self):
        event = {"queryStringParameters": {"name": "x" * 500}}
        self.assertEqual(len(app.greeting_for(event)), len("hello ") + app.MAX_NAME_LENGTH)

    def test_body_is_valid_json_whatever_the_name(self):
        event = {"queryStringParameters": {"name": 'quote " and \\ backslash'}}
        body = json.loads(app.lambda_handler(event, None)["body"])
        self.assertEqual(body["message"], 'hello quote " and \\ backslash')


if __name__ == "__main__":
    unittest.main()
