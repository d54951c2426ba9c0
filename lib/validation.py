"""JSON Schema validation with short, path-first messages ("properties.phone: Field required").

"Missing required field: 'order_id'" for a missing top-level field,
"financials.total_price: field required" for a missing nested one, and
"<dotted.path>: <message>" for everything else. Used for every peer contract.
"""

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from . import dates

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
            messages.add(shorten(message))
        if len(messages) > 1000:  # enough to count; the answer lists MAX_ERRORS
            break
    return sorted(messages)


# --------------------------------------------------------------------------------------------
# Bounds: what any inbound body may hold before it is validated against its schema. Every
# check below is iterative and stops at the first breach, so a hostile body costs a bounded
# amount of work and produces a bounded answer.
# --------------------------------------------------------------------------------------------
MAX_DEPTH = 32  # nested objects/arrays
MAX_ITEMS = 500  # entries of any one array (order lines, addresses, ...)
MAX_NODES = 250_000  # values in the whole body (a 1 MiB body holds at most ~350,000)
MAX_KEYS = 500  # keys of any one object
MAX_KEY_LENGTH = 255
MAX_STRING = 10_000  # any string value
MAX_ID_LENGTH = 255  # external ids (they end up in unique and btree indexes)
MAX_NAME_LENGTH = 128  # names and other short fields stored in btree-indexed columns
MAX_INT = 2**31 - 1  # ids stored in PostgreSQL integer columns
MAX_ERRORS = 20  # messages listed in an error answer (the total is given beside them)
MAX_MESSAGE = 300  # characters of one message


class BodyError(ValueError):
    """The body is not acceptable JSON (malformed, too deep, non-finite numbers)."""


def _refuse_constant(name):
    raise BodyError(f"Malformed JSON: {name} is not a valid JSON number")


def parse_json(text):
    """json.loads for untrusted text: NaN/Infinity refused, deep nesting refused (the C
    decoder raises RecursionError long before Python's stack is at risk); BodyError."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BodyError(f"The JSON is nested deeper than {MAX_DEPTH} levels.") from None
    except BodyError:
        raise
    except ValueError as error:
        raise BodyError(shorten(f"Malformed JSON: {error}")) from None
    # "\ud800" is valid JSON syntax but no text: a lone surrogate cannot be written to
    # PostgreSQL (nor encoded at all). Only a \uD... escape can make one, so only a body
    # holding one pays for the check.
    if "\\ud" in text or "\\uD" in text:
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise BodyError("The JSON holds an unpaired surrogate (\\uD800-\\uDFFF).") from None
    return data


def shorten(text, limit=MAX_MESSAGE):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _where(path):
    return shorten(_path(path) or "body", 120)


def bounds_errors(
    data,
    *,
    max_depth=MAX_DEPTH,
    max_items=MAX_ITEMS,
    max_nodes=MAX_NODES,
    id_keys=(),
    name_keys=(),
    int_keys=(),
):
    """At most one message: the first bound the body breaks, else []. ``id_keys`` are object
    keys whose string values are ids (MAX_ID_LENGTH), ``name_keys`` short indexed texts
    (MAX_NAME_LENGTH), ``int_keys`` keys whose integers must fit a PostgreSQL integer."""
    stack = [(data, [], 0)]
    nodes = 0
    while stack:
        value, path, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return [f"body: more than {max_nodes} values"]
        if isinstance(value, dict | list) and depth >= max_depth:
            return [f"{_where(path)}: nested deeper than {max_depth} levels"]
        if isinstance(value, dict):
            if len(value) > MAX_KEYS:
                return [f"{_where(path)}: more than {MAX_KEYS} keys"]
            for key, child in value.items():
                if len(key) > MAX_KEY_LENGTH:
                    return [f"{_where(path)}: a key is longer than {MAX_KEY_LENGTH} characters"]
                error = _field_error(key, child, id_keys, name_keys, int_keys)
                if error:
                    return [f"{_where([*path, key])}: {error}"]
                stack.append((child, [*path, key], depth + 1))
        elif isinstance(value, list):
            if len(value) > max_items:
                return [f"{_where(path)}: more than {max_items} items"]
            stack.extend((child, [*path, index], depth + 1) for index, child in enumerate(value))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            return [f"{_where(path)}: longer than {MAX_STRING} characters"]
    return []


def _field_error(key, value, id_keys, name_keys, int_keys):
    if isinstance(value, str):
        if key in id_keys and len(value) > MAX_ID_LENGTH:
            return f"longer than {MAX_ID_LENGTH} characters"
        if key in name_keys and len(value) > MAX_NAME_LENGTH:
            return f"longer than {MAX_NAME_LENGTH} characters"
    elif (
        isinstance(value, int)
        and not isinstance(value, bool)
        and key in int_keys
        and not -MAX_INT <= value <= MAX_INT
    ):
        return f"must be between {-MAX_INT} and {MAX_INT}"
    return None


def cap_errors(errors, limit=MAX_ERRORS):
    """(the first ``limit`` messages, each shortened; the total count)."""
    errors = list(errors)
    return [shorten(message) for message in errors[:limit]], len(errors)


def date_error(where, value, *, lenient=False):
    """A message when ``value`` is not a usable timestamp, else None. ``lenient``: text that
    is merely unreadable passes (the caller flags it), only values out of range fail."""
    try:
        parsed = dates.to_odoo_datetime(value)
    except ValueError:
        return None if lenient else f"{where}: not a date"
    except (OverflowError, OSError):
        return f"{where}: date out of range"
    if parsed and not 1900 <= parsed.year <= 9000:
        return f"{where}: date out of range"
    return None


def amount_error(where, value, limit=10**12):
    """A message when a decimal amount is beyond ``limit`` in magnitude, else None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None  # the schema reports malformed amounts
    if not amount.is_finite() or abs(amount) >= limit:
        return f"{where}: must be smaller than {limit} in magnitude"
    if amount.as_tuple().exponent < -6:
        return f"{where}: at most 6 decimals"
    return None
