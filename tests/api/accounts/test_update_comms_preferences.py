"""updateCommsPreferences: the viewer's preferences change where given, and show on `viewer { preferences }`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from projections.contexts import Contexts
from tests.api.accounts.conftest import PROFILE
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation Update($input: UpdateAccountUserCommsPreferencesInput!) {
  updateCommsPreferences(input: $input) {
    commsPreferences {
      isOptedInToOfferMessages isOptedInToRecommendedMessages emailFormat fontSizeMultiplier
      isOptedInToSmsMessages preferredHoldMusic
    }
  }
}
"""
DEFAULTS = {
    "isOptedInToClientMessages": False,
    "isOptedInToOfferMessages": False,
    "isOptedInToRecommendedMessages": True,
    "isOptedInToUpdateMessages": True,
    "isOptedInToThirdPartyMessages": False,
    "emailFormat": "HTML",
    "isUsingInvertedEmailColours": False,
    "fontSizeMultiplier": 1.0,
    "isOptedInMeterReadingConfirmations": True,
    "isOptedInToSmsMessages": False,
    "preferredHoldMusic": "NO_SONG_PREFERRED",
}


def update(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(UPDATE, {"input": input}, token=token)


def test_a_user_who_never_chose_has_the_defaults(gql: GraphQL, ada: str) -> None:
    assert gql(PROFILE, token=ada)["data"]["viewer"]["preferences"] == DEFAULTS


def test_only_the_preferences_given_change(backend: str, gql: GraphQL, ada: str, catch_up: Callable[[], int]) -> None:
    # when
    body = update(gql, ada, isOptedInToOfferMessages=True, fontSizeMultiplier=1.5, preferredHoldMusic="SONG_1938")
    # then
    assert body == {
        "data": {
            "updateCommsPreferences": {
                "commsPreferences": {
                    "isOptedInToOfferMessages": True,
                    "isOptedInToRecommendedMessages": True,
                    "emailFormat": "HTML",
                    "fontSizeMultiplier": 1.5,
                    "isOptedInToSmsMessages": False,
                    "preferredHoldMusic": "SONG_1938",
                }
            }
        }
    }
    # and a second change keeps the first
    update(gql, ada, emailFormat="TEXT", isOptedInToRecommendedMessages=None)
    catch_up()
    preferences = gql(PROFILE, token=ada)["data"]["viewer"]["preferences"]
    assert preferences == DEFAULTS | {
        "isOptedInToOfferMessages": True,
        "fontSizeMultiplier": 1.5,
        "preferredHoldMusic": "SONG_1938",
        "emailFormat": "TEXT",
    }


def test_a_user_with_a_mobile_number_may_opt_in_to_sms(
    gql: GraphQL, ada_with_mobile: str, catch_up: Callable[[], int]
) -> None:
    body = update(gql, ada_with_mobile, isOptedInToSmsMessages=True)
    assert body["data"]["updateCommsPreferences"]["commsPreferences"]["isOptedInToSmsMessages"] is True
    catch_up()
    assert gql(PROFILE, token=ada_with_mobile)["data"]["viewer"]["preferences"]["isOptedInToSmsMessages"] is True


@pytest.mark.parametrize("size", [0.49, 3.01, -1.0])
def test_a_font_size_outside_half_to_three_times_is_kt_gb_5414(
    gql: GraphQL, ada: str, catch_up: Callable[[], int], size: float
) -> None:
    refused_with(update(gql, ada, fontSizeMultiplier=size), "KT-GB-5414")
    catch_up()
    assert gql(PROFILE, token=ada)["data"]["viewer"]["preferences"] == DEFAULTS


def test_opting_in_to_sms_without_a_mobile_number_is_kt_gb_5414(gql: GraphQL, ada: str) -> None:
    refused_with(update(gql, ada, isOptedInToSmsMessages=True, isOptedInToOfferMessages=True), "KT-GB-5414")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(update(gql, None, isOptedInToOfferMessages=True), "KT-CT-1112")


def test_an_organisation_has_no_preferences_of_its_own_kt_ct_1111(gql: GraphQL, contexts: Contexts) -> None:
    _, key = organisation(contexts)
    refused_with(update(gql, organisation_token(gql, key), isOptedInToOfferMessages=True), "KT-CT-1111")
