from decimal import Decimal

import pytest

from lib import channels, medusa, omnitron, workflow
from lib.workflow import Rule


def test_a_named_method_wins_over_the_fallback():
    rules = [
        Rule(1, "any", "", 10),
        Rule(2, "any", "pay_on_delivery, cash_on_delivery", 20),
    ]
    assert workflow.choose(rules, "omnitron", "pay_on_delivery").id == 2
    assert workflow.choose(rules, "omnitron", "PAY_ON_DELIVERY").id == 2
    assert workflow.choose(rules, "omnitron", "credit_card").id == 1
    assert workflow.choose(rules, "medusa", None).id == 1


def test_the_peer_s_own_rule_wins_over_any_peer_then_sequence():
    rules = [
        Rule(1, "any", "credit_card", 5),
        Rule(2, "omnitron", "credit_card", 50),
        Rule(3, "omnitron", "credit_card", 40),
    ]
    assert workflow.choose(rules, "omnitron", "credit_card").id == 3
    assert workflow.choose(rules, "medusa", "credit_card").id == 1


def test_no_rule_for_another_peer_or_method():
    rules = [Rule(1, "medusa", "pp_system_default", 10)]
    assert workflow.choose(rules, "omnitron", "pp_system_default") is None
    assert workflow.choose(rules, "medusa", "pp_stripe_stripe") is None
    assert workflow.choose([], "medusa", None) is None


def test_method_keys_accept_commas_semicolons_and_spaces():
    assert workflow.method_keys(" COD; pay_on_delivery  x ") == ("cod", "pay_on_delivery", "x")
    assert workflow.method_keys(None) == ()


@pytest.mark.parametrize(
    ("amount", "expected", "digits", "match"),
    [
        (16.0, "16.000", 3, True),
        (15.999, Decimal("16.000"), 3, False),
        (725.26, "725.26", 2, True),
        (725.2600000001, Decimal("725.26"), 2, True),
        (725.25, "725.26", 2, False),
    ],
)
def test_amounts_match_to_the_last_fil(amount, expected, digits, match):
    assert workflow.amounts_match(amount, expected, digits) is match


def test_mismatch_reason_names_both_totals():
    assert workflow.mismatch_reason(16.0, Decimal("16.000"), 3, "KWD") is None
    assert workflow.mismatch_reason(16.0, None, 3) is None
    reason = workflow.mismatch_reason(15.5, Decimal("16"), 3, "KWD")
    assert "15.500 KWD" in reason and "16.000 KWD" in reason


def test_transaction_ids_first_key_without_repeats():
    transactions = [{"transaction_id": "T1", "pk": 4}, {"pk": 5}, {"id": "T1"}, "junk", {}]
    assert workflow.transaction_ids(transactions) == ["T1", "5"]
    assert workflow.transaction_ids(None) == []


def test_payment_vals_leave_out_what_is_unknown():
    assert workflow.payment_vals() == {}
    vals = workflow.payment_vals("credit_card", "captured", ["T1", "T2"], "INV-1", " {x}?u=1 ")
    assert vals == {
        "x_cb_payment_method": "credit_card",
        "x_cb_payment_status": "captured",
        "x_cb_payment_refs": "T1, T2",
        "x_cb_peer_invoice_number": "INV-1",
        "x_cb_peer_invoice_url": "{x}?u=1",
    }
    assert len(workflow.payment_vals("m" * 500)["x_cb_payment_method"]) == 64
    assert workflow.references("T1, T2,") == ["T1", "T2"]


def test_steps_travel_in_the_path():
    assert workflow.step_of_path(workflow.step_path("refund")) == "refund"
    assert workflow.step_of_path("/elsewhere") is None
    with pytest.raises(ValueError):
        workflow.step_path("explode")
    assert channels.get("workflow.step").peer == "workflow"


def test_medusa_payment_facts():
    order = {
        "payment_status": "captured",
        "payment_collections": [
            {"payments": [{"id": "pay_01", "provider_id": "pp_stripe_stripe"}]},
        ],
    }
    assert medusa.payment_info(order) == {
        "method": "pp_stripe_stripe",
        "status": "captured",
        "transactions": ["pay_01"],
    }
    assert medusa.payment_info({}) == {"method": None, "status": None, "transactions": []}
    odd = {"payment_status": {"x": 1}, "payment_collections": 5, "payments": "pay"}
    assert medusa.payment_info(odd) == {"method": None, "status": None, "transactions": []}
    odd = {"payment_collections": ["x", {"payments": {"id": "p"}}], "payments": [{"id": 7}]}
    assert medusa.payment_info(odd)["transactions"] == ["7"]
    assert medusa.refund_kind("refunded") == "full"
    assert medusa.refund_kind("partially_refunded") == "partial"
    assert medusa.refund_kind("captured") is None


def test_omnitron_payment_facts():
    payload = {
        "payment_option_slug": None,
        "payondeliverytransaction_set": [{"pk": 77, "amount": "10.00"}],
        "transaction_set": [{"transaction_id": "TX-1"}],
        "invoice_number": "SEP2018000149774",
        "e_archive_url": "{domain_url}?vkn=1",
    }
    info = omnitron.payment_info(payload)
    assert info["method"] == "pay_on_delivery"
    assert info["transactions"] == ["TX-1", "77"]
    assert info["invoice_number"] == "SEP2018000149774"
    assert info["invoice_url"] == "{domain_url}?vkn=1"
    assert omnitron.payment_info({"transaction_set": "x", "invoice_number": {"a": 1}}) == {
        "method": None,
        "transactions": [],
        "invoice_number": None,
        "invoice_url": None,
    }
    payload["payment_option_slug"] = "credit_card"
    assert omnitron.payment_info(payload)["method"] == "credit_card"


@pytest.mark.parametrize(
    "status, captured",
    [(None, True), ("captured", True), ("Authorized", False), ("awaiting", False), (7, True)],
)
def test_payment_captured(status, captured):
    assert workflow.payment_captured(status) is captured
