"""Helpers of the charges tests: the documents, and a meter fitted at a property by operators."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.supply import commands
from ops import runtime
from tests.helpers import GraphQL

CREATE = """
mutation CreateServiceOrder($input: CreateServiceOrderInput!) {
  createServiceOrder(input: $input) { serviceOrder { id status createdAt kind propertyId notes } }
}
"""
SWITCH = """
mutation Switch($input: SwitchAccountToMeasuredTariffInput!) {
  switchAccountToMeasuredTariff(input: $input) { account { number } }
}
"""
ORDERS = """
query($number: String!) {
  account(accountNumber: $number) {
    serviceOrders { id status kind propertyId notes surveyDate closedAt closingReason }
  }
}
"""
BASES = """
query($number: String!) {
  account(accountNumber: $number) {
    chargeBases {
      propertyId rateableValue measuredTariffRequestedAt
      assessedChargeOffer { serviceOrderId assessedBand isSingleOccupier }
      periods { basis validFrom validTo reversionDeadline rateableValue assessedBand isSingleOccupier }
    }
  }
}
"""


def create(gql: GraphQL, token: str | None, account_number: str, property_id: str, notes: Any = None) -> dict:
    variables: dict[str, Any] = {"accountNumber": account_number, "propertyId": property_id}
    if notes is not None:
        variables["notes"] = notes
    return gql(CREATE, {"input": variables}, token=token)


def switch(gql: GraphQL, token: str | None, account_number: str, property_id: str | None = None) -> dict:
    variables: dict[str, Any] = {"accountNumber": account_number}
    if property_id is not None:
        variables["propertyId"] = property_id
    return gql(SWITCH, {"input": variables}, token=token)


def fit_meter(contexts: runtime.Contexts, property_id: str, on: date, serial: str = "ST-0001") -> None:
    """Operators fit a meter at the property on `on`, reading 0."""
    contexts.supply.install_meter(
        commands.InstallMeter(
            property_id=property_id, serial_number=serial, installation_date=on, initial_reading=0, installed_by="ops"
        )
    )
