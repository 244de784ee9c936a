"""Fixtures of the accounts API tests: those of the loyalty API tests (a second user, a stranger,
tokens), the read statements counter, a home the customer's account occupies, and for the account
user's profile (preferences, PSR records, push bindings): Ada, Grace on her account, and the document
that reads a viewer's profile.
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
from tests.api.loyalty.conftest import grace, register, stranger, token, token_for
from tests.api.test_read_statements import statements

__all__ = ["grace", "statements", "stranger", "token"]

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
def grace_token(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """The Kraken Token of Grace, a second user of Ada's account."""
    register(contexts, "grace@example.com", "Grace Hopper", customer["account_number"])
    catch_up()
    return token_for(contexts, "grace@example.com")


@pytest.fixture
def property_id(contexts: runtime.Contexts, customer: dict[str, str], clock: FrozenClock) -> str:
    """The home Ada's account has occupied for a month."""
    return home(contexts, customer["account_number"], clock.now().date() - timedelta(days=30))
