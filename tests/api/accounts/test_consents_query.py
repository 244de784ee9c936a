"""`account { consents }` and `viewer { consents }` (ours: the GB schema has no consent query): one
statement for the consents of a level, however many accounts it lists."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from domain.identity import commands as identity
from projections.contexts import Contexts
from tests.api import test_read_statements
from tests.api.loyalty.conftest import token_for
from tests.conftest import PASSWORD
from tests.helpers import GraphQL, error_codes

EVERY_ACCOUNT = "{ viewer { consents { code } accounts { ... on AccountType { number consents { code value } } } } }"


# Every statement the read models run, as the dashboard's test counts them.
statements = test_read_statements.statements


def test_the_consents_of_every_account_cost_one_statement(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    consent_types: list[str],
    catch_up: Callable[[], int],
    statements: list[str],
) -> None:
    # given a user of three accounts, each with its own answer
    numbers = tuple(contexts.accounts.open_account(f"Account {i}").number for i in range(3))
    contexts.identity.register_user(
        identity.RegisterUser(
            email="many@example.com", password=PASSWORD, given_name="Ada", family_name="L", account_numbers=numbers
        )
    )
    for number, value in zip(numbers, ("ACCEPTED", "REJECTED", "UNKNOWN"), strict=True):
        choice = commands.ConsentChoice("MARKETING_POST", value, "CONSUMER_SITE")
        contexts.accounts.update_account_consents(commands.UpdateAccountConsents(number, (choice,), "test"))
    catch_up()
    # when
    body = gql(EVERY_ACCOUNT, token=token_for(contexts, "many@example.com"))
    # then each account answers its own consent
    assert "errors" not in body, body
    answered = {a["number"]: a["consents"] for a in body["data"]["viewer"]["accounts"]}
    assert answered == {
        numbers[0]: [{"code": "MARKETING_POST", "value": "ACCEPTED"}],
        numbers[1]: [{"code": "MARKETING_POST", "value": "REJECTED"}],
        numbers[2]: [{"code": "MARKETING_POST", "value": "UNKNOWN"}],
    }
    assert body["data"]["viewer"]["consents"] == []
    # and the viewer's and the accounts' consents were one statement per level
    assert len([sql for sql in statements if "FROM consents" in sql]) == 2


def test_another_customers_account_consents_are_not_shown(
    gql: GraphQL, contexts: Contexts, customer: dict, consent_types: list[str]
) -> None:
    stranger = contexts.accounts.open_account("Charles Babbage").number
    body = gql(
        "query($n: String!) { account(accountNumber: $n) { consents { code } } }",
        {"n": stranger},
        token=token_for(contexts, customer["email"]),
    )
    assert error_codes(body) == ["KT-CT-1111"]
