"""joinSupplierAcceptTermsAndConditions: the customer accepts the terms of their join supplier
process, which completes; read back through lifecycleProcesses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.shared.clock import FrozenClock
from domain.supply.lifecycle_process import LifecycleProcess, new_process_number
from domain.supply.process_commands import ProcessSettings
from ops.runtime import Contexts
from tests.api.accounts.homes import customer_token
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.supply.processes import PROCESSES, join, move_in
from tests.helpers import GraphQL, refused_with

ACCEPT = """
mutation Accept($input: JoinSupplierAcceptTermsAndConditionsInput!) {
  joinSupplierAcceptTermsAndConditions(input: $input) { success }
}
"""


def accept(gql: GraphQL, token: str | None, account_number: str, number: str | None = None) -> dict[str, Any]:
    variables: dict[str, Any] = {"accountNumber": account_number}
    if number is not None:
        variables["joinSupplierProcessNumber"] = number
    return gql(ACCEPT, {"input": variables}, token=token)


def test_accepting_the_terms_completes_the_process_and_reads_back(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    # given
    number = join(contexts, customer["account_number"])
    # when
    body = accept(gql, token, customer["account_number"], number)
    # then
    assert body == {"data": {"joinSupplierAcceptTermsAndConditions": {"success": True}}}
    catch_up()
    read = gql(PROCESSES, {"number": customer["account_number"]}, token=token)["data"]["lifecycleProcesses"]
    [edge] = read["joinSupplierProcesses"]["edges"]
    assert edge["node"]["id"] == number and edge["node"]["status"] == "COMPLETED"
    assert edge["node"]["termsVersion"] == "2026-01" and edge["node"]["finishedAt"] is not None


def test_without_a_number_the_open_process_is_accepted_and_twice_records_nothing(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    number = join(contexts, customer["account_number"])
    assert accept(gql, token, customer["account_number"])["data"]["joinSupplierAcceptTermsAndConditions"]["success"]
    recorded = len(list(contexts.supply.repository.event_store.get(LifecycleProcess.id_for(number))))
    for again in (None, number):
        assert accept(gql, token, customer["account_number"], again)["data"] == {
            "joinSupplierAcceptTermsAndConditions": {"success": True}
        }
    assert len(list(contexts.supply.repository.event_store.get(LifecycleProcess.id_for(number)))) == recorded


def test_the_terms_version_is_a_setting(gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str) -> None:
    number = join(contexts, customer["account_number"])
    # as KRAKEN_TERMS_VERSION=2027-03 sets it (ops/runtime.py)
    contexts.supply.process_settings = ProcessSettings(terms_version="2027-03")
    assert accept(gql, token, customer["account_number"], number)["data"] is not None
    process = contexts.supply.lifecycle_process(number)
    assert process is not None and process.terms_version == "2027-03"


def test_another_account_s_process_an_unknown_one_or_none_is_kt_ct_4501(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    other_number, other_token = customer_token(contexts, "charles@example.com", "Charles Babbage")
    theirs = join(contexts, other_number)
    _, occupy = move_in(contexts, clock, customer["account_number"])
    refused_with(accept(gql, token, customer["account_number"], theirs), "KT-CT-4501")
    refused_with(accept(gql, token, customer["account_number"], new_process_number()), "KT-CT-4501")
    refused_with(accept(gql, token, customer["account_number"], occupy), "KT-CT-4501")
    refused_with(accept(gql, token, customer["account_number"]), "KT-CT-4501")
    # an account the viewer may not act on answers the same
    refused_with(accept(gql, other_token, customer["account_number"]), "KT-CT-4501")
    process = contexts.supply.lifecycle_process(theirs)
    assert process is not None and process.terms_accepted_at is None


def test_an_over_long_number_is_kt_ct_4501(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    refused_with(accept(gql, token, customer["account_number"], "1" * 33), "KT-CT-4501")


def test_an_organisation_accepts_for_any_account(gql: GraphQL, contexts: Contexts, customer: dict[str, str]) -> None:
    number = join(contexts, customer["account_number"])
    _, key = organisation(contexts)
    body = accept(gql, organisation_token(gql, key), customer["account_number"], number)
    assert body["data"] == {"joinSupplierAcceptTermsAndConditions": {"success": True}}


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(accept(gql, None, customer["account_number"]), "KT-CT-1112")
