"""The consents read model: each holder's consents with their types, as the events leave them."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.accounts import commands
from domain.accounts.consents import account_holder, consent_id, user_holder
from projections.contexts import Contexts


def test_each_holder_gets_its_own_consents_in_one_call(
    backend: str, contexts: Contexts, customer: dict, consent_types: list[str], catch_up: Callable[[], int]
) -> None:
    # given the account's answer and the user's pending double opt-in, in one batch
    number, ada = customer["account_number"], UUID(customer["user_id"])
    contexts.accounts.update_account_consents(
        commands.UpdateAccountConsents(
            number, (commands.ConsentChoice("MARKETING_EMAIL", "REJECTED", "CONSUMER_SITE"),), "test"
        )
    )
    contexts.accounts.request_double_opt_in(
        commands.RequestDoubleOptIn("MARKETING_SMS", "", "+447700900123", "192.0.2.1", "test", user_id=ada)
    )
    # when
    catch_up()
    account, user, nobody = contexts.read.consents.of_holders(
        [account_holder(number), user_holder(ada), account_holder("A-NOBODY")]
    )
    # then
    assert account == [
        {
            "id": consent_id(account_holder(number), "MARKETING_EMAIL"),
            "code": "MARKETING_EMAIL",
            "value": "REJECTED",
            "name": "Marketing by email",
            "description": "News and offers about our services by email.",
            "default_value": "REJECTED",
        }
    ]
    assert [(c["code"], c["value"]) for c in user] == [("MARKETING_SMS", "PENDING")]
    assert nobody == []
    assert contexts.read.consents.of_holders([]) == []
