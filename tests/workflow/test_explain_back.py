"""Explain-back: refused when too short, copied from the code or the message, or reused."""

from __future__ import annotations

from airlock.workflow.explain_back import check_explanations

CODE = {
    "shop/payments.py": (
        "+def charge(order_id, amount_cents):\n"
        "+    resp = requests.post(PAYMENT_URL, json={'order': order_id}, timeout=5)\n"
    ),
    "shop/models.py": "+class Order(Base):\n+    id = Column(Integer, primary_key=True)\n",
}
GOOD = {
    "shop/payments.py": (
        "Sends one charge to the payment provider with a five second timeout, so a hung provider "
        "fails the request quickly instead of holding a worker; the caller retries with a key."
    ),
    "shop/models.py": (
        "Adds the orders table; only the primary key is indexed, which is fine because orders are "
        "always looked up by id and the table stays small per customer."
    ),
}


def reasons(explanations: dict[str, str], **kwargs: object) -> dict[str, str]:
    return {p.path: p.reason for p in check_explanations(explanations, CODE, **kwargs)}  # type: ignore[arg-type]


def test_good_explanations_pass() -> None:
    assert reasons(GOOD) == {}


def test_too_short_and_missing() -> None:
    got = reasons({"shop/payments.py": "Charges the card."})
    assert got["shop/payments.py"].startswith("too short")
    assert got["shop/models.py"].startswith("no explanation")


def test_min_words_is_configurable() -> None:
    assert reasons({**GOOD, "shop/models.py": "Orders table keyed by id."}, min_words=5) == {}


def test_copied_from_the_code_is_refused() -> None:
    copied = "def charge order id amount cents resp requests post payment url json order order id timeout 5"
    got = reasons({**GOOD, "shop/payments.py": copied})
    assert got["shop/payments.py"].startswith("mostly repeats the code")


def test_copied_from_the_commit_message_is_refused() -> None:
    message = "Add payment charging through the provider API and persist orders for the shop checkout flow"
    got = reasons({**GOOD, "shop/payments.py": message}, commit_message=message)
    assert got["shop/payments.py"].startswith("mostly repeats the commit message")


def test_same_text_for_two_files_is_refused() -> None:
    got = reasons({"shop/payments.py": GOOD["shop/payments.py"], "shop/models.py": GOOD["shop/payments.py"]})
    assert got == {"shop/payments.py": "the same explanation as for shop/models.py: each file needs its own"}


def test_explanation_for_a_file_outside_the_change() -> None:
    got = reasons({**GOOD, "other.py": GOOD["shop/models.py"] + " extra words here"})
    assert got["other.py"] == "not a file of this change"
