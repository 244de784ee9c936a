"""Fixtures of the accounts API tests: the customer's token and a home their account occupies; the
account user's profile (preferences, PSR records, push bindings): Ada, Grace on her account, and the
document that reads a viewer's profile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import pytest

from domain.identity import commands as identity
from domain.shared.clock import FrozenClock
from ops import runtime
from projections.contexts import Contexts
from tests.api.accounts.homes import home
from tests.api.loyalty.conftest import register, token_for

PROFILE = """
{
  viewer {
    preferences {
      isOptedInToClientMessages isOptedInToOfferMessages isOptedInToRecommendedMessages isOptedInToUpdateMessages
      isOptedInToThirdPartyMessages emailFormat isUsingInvertedEmailColours fontSizeMultiplier
      isOptedInMeterReadingConfirmations isOptedInToSmsMessages preferredHoldMusic
    }
    specialCircumstances {
      isSharingConsentGiven
      records {
        __typename
        ... on SpecialCircumstanceRecordType { id summary internalCode }
        ... on TemporarySpecialCircumstanceRecordType { id summary internalCode expiryDate }
      }
    }
  }
}
"""


@pytest.fixture
def ada(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """Ada's Kraken Token; `viewer` knows her."""
    catch_up()
    return token_for(contexts, customer["email"])


@pytest.fixture
def ada_with_mobile(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """Ada's Kraken Token, once her profile has a mobile number."""
    contexts.identity.update_user(identity.UpdateUser(user_id=UUID(customer["user_id"]), mobile="07700 900123"))
    catch_up()
    return token_for(contexts, customer["email"])


@pytest.fixture
def grace(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """The Kraken Token of Grace, a second user of Ada's account."""
    register(contexts, "grace@example.com", "Grace Hopper", customer["account_number"])
    catch_up()
    return token_for(contexts, "grace@example.com")


@pytest.fixture
def token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    """Ada's Kraken Token."""
    return token_for(contexts, customer["email"])


@pytest.fixture
def property_id(contexts: runtime.Contexts, customer: dict[str, str], clock: FrozenClock) -> str:
    """The home Ada's account has occupied for a month."""
    return home(contexts, customer["account_number"], clock.now().date() - timedelta(days=30))
