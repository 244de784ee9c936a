"""Helpers of the meter tests: the documents, and a meter fitted at a home through the API."""

from __future__ import annotations

from typing import Any

from tests.helpers import GraphQL

METER_FIELDS = "id serialNumber meterPointReference capabilityType numberOfDigits installationDate activeTo location"
INSTALL = f"""
mutation InstallMeter($input: InstallMeterInputType!) {{
  installMeter(input: $input) {{ meter {{ {METER_FIELDS} }} }}
}}
"""
SUBMIT = """
mutation SubmitMeterReading($input: SubmitMeterReadingInputType!) {
  submitMeterReading(input: $input) {
    reading { id meterSerialNumber valueCubicMetres readingDate source isHeld isQuarantined }
  }
}
"""
METERS = f"""
query($id: ID!, $excludeHeld: Boolean) {{
  property(id: $id) {{
    activeWaterMeters {{
      {METER_FIELDS}
      readings(first: 10, excludeHeld: $excludeHeld) {{
        edges {{ node {{ id valueCubicMetres readingDate source isHeld isQuarantined }} }}
      }}
    }}
  }}
}}
"""


def install(gql: GraphQL, token: str, property_id: str, serial: str, day: str, reading: int = 0, **more: Any) -> dict:
    variables = {"propertyId": property_id, "serialNumber": serial, "installationDate": day, "initialReading": reading}
    return gql(INSTALL, {"input": {**variables, **more}}, token=token)


def submit(gql: GraphQL, token: str, account_number: str, serial: str, reading: Any, day: str) -> dict:
    variables = {"accountNumber": account_number, "meterSerialNumber": serial, "reading": reading, "readAt": day}
    return gql(SUBMIT, {"input": variables}, token=token)


def meters(gql: GraphQL, token: str, property_id: str, exclude_held: bool = False) -> list[dict]:
    body = gql(METERS, {"id": property_id, "excludeHeld": exclude_held}, token=token)
    assert "errors" not in body, body
    found: list[dict] = body["data"]["property"]["activeWaterMeters"]
    return found
