"""JSON Schema validation with messages in Nonito's documented style.

"Missing required field: 'order_id'" for a missing top-level field,
"financials.total_price: field required" for a missing nested one, and
"<dotted.path>: <message>" for everything else. Used for every peer contract.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schemas"


@cache
def load_schema(name):
    with open(SCHEMA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _validator(name):
    # Shared definitions live in one file per peer and are merged as $defs, so that the
    # schemas resolve offline with any jsonschema >= 4.0.
    schema = dict(load_schema(name))
    defs_name = schema.pop("x-defs-file", None)
    if defs_name:
        schema["$defs"] = {**load_schema(defs_name).get("$defs", {}), **schema.get("$defs", {})}
    return Draft202012Validator(schema)


def _path(parts):
    return ".".join(str(part) for part in parts)


def _messages(error):
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        if not path:
            return [f"Missing required field: '{name}'" for name in missing]
        return [f"{_path([*path, name])}: field required" for name in missing]
    where = _path(path) or "body"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return [f"{where}: Input should be a valid {expected}"]
    if error.validator == "enum":
        options = " or ".join(repr(option) for option in error.validator_value)
        return [f"{where}: Input should be {options}"]
    if error.validator == "const":
        return [f"{where}: Input should be {error.validator_value!r}"]
    if error.validator == "pattern":
        reason = error.schema.get("x-message") or "String does not match the expected format"
        return [f"{where}: {reason}"]
    return [f"{where}: {error.message}"]


def validate(instance, schema_name):
    """Human messages, sorted; an empty list means valid."""
    messages = set()
    for error in _validator(schema_name).iter_errors(instance):
        # if/then branches report through their inner errors; anyOf/oneOf give one line.
        for message in _messages(error):
            messages.add(message)
    return sorted(messages)
