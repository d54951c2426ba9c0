from decimal import Decimal

from sandbox import omnitron
from sandbox.common import FakeServer, Reply


class Receiver(FakeServer):
    def route(self, request):
        return Reply(204)


def test_sample_is_the_seed_body():
    body = omnitron.sample_order_event()
    assert body["event"] == {"type": "order.updated", "uuid": "fc2ba32ba6da4c948c71c6adcf6396db"}
    assert body["payload"]["amount"] == "725.26"
    assert body["payload"]["customer"]["email"] == "[email\u00a0protected]"


def test_variants_are_consistent():
    body = omnitron.make_order_event(
        number="N-1",
        pk=99,
        items=[("A", "10.50", "18"), ("B", "4.50", "8")],
        shipping_amount="5.00",
    )
    payload = body["payload"]
    assert payload["number"] == "N-1" and payload["pk"] == 99
    assert Decimal(payload["amount"]) == Decimal("20.00")
    assert [item["product"]["sku"] for item in payload["orderitem_set"]] == ["A", "B"]
    assert body["event"]["uuid"] != omnitron.make_order_event()["event"]["uuid"]


def test_sender_posts_with_the_token():
    with Receiver() as receiver:
        response = omnitron.send_order_event(
            receiver.url + "/api/v1/oms/orders_omnitron/", omnitron.sample_order_event(), "tok"
        )
        assert response.status_code == 204
        request = receiver.journal[0]
        assert request["headers"]["authorization"] == "Token tok"
        assert request["json"]["payload"]["pk"] == 31999
