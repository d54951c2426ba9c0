"""The automatic workflow of paid web orders (pure): which workflow serves a payment method,
whether an invoice matches the total the customer was charged, and the payment references a
peer hands over (transaction ids, its own invoice number and link).

A workflow is data (``commerce.bridge.workflow`` rows, per company); the steps run in the
outbox through the local ``workflow`` channel, so that a failing step is retried and shown
like any other outbound message and never loses the order the webhook saved.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import channels

PEER = "workflow"
ANY_PEER = "any"

INVOICE_NEVER = "never"
INVOICE_AT_IMPORT = "import"
INVOICE_AT_DELIVERY = "delivery"

REFUND_CREDIT_NOTE = "credit_note"
REFUND_ACTIVITY = "activity"

# Steps, each one outbox message: the path names the step.
STEP_IMPORT = "import"
STEP_DELIVERY = "delivery"
STEP_REFUND = "refund"
STEPS = (STEP_IMPORT, STEP_DELIVERY, STEP_REFUND)
STEP_PATH = "/workflow/{step}"

# Payment method keys that mean the carrier collects the money (the default cash on delivery
# row): Omnitron's pay_on_delivery option (its payondeliverytransaction_set), and the usual
# spellings of other shops.
COD_METHODS = ("pay_on_delivery", "cash_on_delivery", "cod")

# Payment statuses that say the money is not (or no longer) with the shop: the payment waits
# until the peer reports it captured (Medusa's PaymentStatus; an order without a status, like
# Omnitron's, was paid when the customer checked out).
UNCAPTURED_STATUSES = frozenset(
    {
        "not_paid",
        "awaiting",
        "pending",
        "authorized",
        "partially_authorized",
        "requires_action",
        "canceled",
        "cancelled",
    }
)

MAX_REF_LENGTH = 64
MAX_REFS = 10

STEP = channels.register(
    channels.Channel(
        "workflow.step",
        PEER,
        "POST",
        STEP_PATH.format(step=STEP_IMPORT),
        label="Automatic invoicing and payment",
    )
)[0]


def step_path(step):
    if step not in STEPS:
        raise ValueError(f"unknown workflow step {step!r}")
    return STEP_PATH.format(step=step)


def step_of_path(path):
    """The step a message path names, None for an unknown path."""
    step = (path or "").rstrip("/").rsplit("/", 1)[-1]
    return step if step in STEPS else None


# --------------------------------------------------------------------------------------------
# Choosing the workflow of a payment method
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """What choosing needs of a workflow row: its id, peer, payment methods and sequence."""

    id: int
    peer: str = ANY_PEER
    methods: str = ""
    sequence: int = 10


def method_keys(text):
    """'pay_on_delivery, COD' -> ('pay_on_delivery', 'cod'): comma, semicolon or space
    separated, compared without case."""
    parts = (text or "").replace(";", ",").replace(" ", ",").split(",")
    return tuple(part.strip().lower() for part in parts if part.strip())


def choose(rules, peer, method):
    """The rule for a ``peer``'s order paid with ``method`` (None when no rule applies).

    A rule naming the method wins over a fallback (no method), a rule of the peer over one
    for any peer; then the lowest sequence, then the oldest row.
    """
    method = (method or "").strip().lower()
    best, best_key = None, None
    for rule in rules:
        if rule.peer not in (ANY_PEER, peer):
            continue
        keys = method_keys(rule.methods)
        if keys and method not in keys:
            continue
        key = (0 if keys else 1, 0 if rule.peer == peer else 1, rule.sequence, rule.id)
        if best_key is None or key < best_key:
            best, best_key = rule, key
    return best


# --------------------------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------------------------
def to_decimal(value):
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def amounts_match(amount, expected, digits):
    """True when both round to the same amount at the currency's ``digits`` (3 for KWD)."""
    quantum = Decimal(1).scaleb(-int(digits))
    return to_decimal(amount).quantize(quantum, ROUND_HALF_UP) == to_decimal(expected).quantize(
        quantum, ROUND_HALF_UP
    )


def mismatch_reason(invoiced, expected, digits, currency=""):
    """None when the invoices add up to the peer's total, else the sentence for a person."""
    if expected in (None, "") or amounts_match(invoiced, expected, digits):
        return None
    quantum = Decimal(1).scaleb(-int(digits))
    return (
        f"the invoice total {to_decimal(invoiced).quantize(quantum)} {currency}".rstrip()
        + f" differs from the total the customer was charged "
        f"{to_decimal(expected).quantize(quantum)} {currency}".rstrip()
    )


# --------------------------------------------------------------------------------------------
# References a peer hands over
# --------------------------------------------------------------------------------------------
def _text(value):
    if value is None or isinstance(value, (dict, list, tuple, bool)):
        return None
    text = str(value).strip()
    return text[:MAX_REF_LENGTH] if text else None


def transaction_ids(transactions, keys=("transaction_id", "id", "pk")):
    """Ids of a peer's payment transactions, in order, without repeats: for each dict the
    first of ``keys`` that has a value."""
    ids = []
    for transaction in transactions or []:
        if not isinstance(transaction, dict):
            continue
        for key in keys:
            value = _text(transaction.get(key))
            if value:
                if value not in ids:
                    ids.append(value)
                break
    return ids[:MAX_REFS]


def payment_vals(method=None, status=None, transactions=(), invoice_number=None, invoice_url=None):
    """sale.order values of the payment facts a peer announced (empty ones left out, so that
    an update never erases what an earlier event said)."""
    vals = {
        "x_cb_payment_method": _text(method),
        "x_cb_payment_status": _text(status),
        "x_cb_payment_refs": ", ".join(transactions or ()) or None,
        "x_cb_peer_invoice_number": _text(invoice_number),
        # Kept as text (shown, never rendered as a link): Akinon's own sample is a template,
        # "{domain_url}?vkn=...".
        "x_cb_peer_invoice_url": _text_long(invoice_url),
    }
    return {key: value for key, value in vals.items() if value}


def _text_long(value, limit=2000):
    text = value.strip() if isinstance(value, str) else ""
    return text[:limit] or None


def payment_captured(status):
    """False while the peer says the customer's money is not captured yet."""
    return not isinstance(status, str) or status.strip().lower() not in UNCAPTURED_STATUSES


def references(refs):
    """'a, b' -> ['a', 'b']."""
    return [part.strip() for part in (refs or "").split(",") if part.strip()]
