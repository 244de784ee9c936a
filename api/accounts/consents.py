"""What the consent mutations share: whose consents a user's mutation names, and where a consent came from."""

from __future__ import annotations

from uuid import UUID

import strawberry

from api.context import RequestContext
from domain.accounts.errors import ConsentAccountUserNotFound, ConsentUserNumberInvalid
from domain.identity.organisation import Organisation
from domain.identity.user import User


def default_source(info: strawberry.Info[RequestContext, None]) -> str:
    """Kraken's ConsentEventSource when the input gives none: the customer's site for a customer,
    the API for an organisation's integration."""
    return "API_SITE" if isinstance(info.context.acting.viewer, Organisation) else "CONSUMER_SITE"


async def consenting_user(info: strawberry.Info[RequestContext, None], user_number: str | None) -> UUID:
    """The user whose consents are meant. `userNumber` is the account user's id (AccountUserType.id):
    an organisation must name one that exists (KT-CT-1605, KT-CT-5421); a user may name only themselves."""
    viewer = info.context.acting.viewer
    if not isinstance(viewer, Organisation):
        if user_number and user_number != str(viewer.id):
            raise ConsentUserNumberInvalid("An account user may only change their own consents: omit userNumber.")
        return viewer.id
    if not user_number:
        raise ConsentUserNumberInvalid("An organisation must give the userNumber of the user whose consents change.")
    try:
        user_id = UUID(user_number)
    except ValueError:
        raise ConsentAccountUserNotFound(f"No account user has the number {user_number!r}.") from None
    found = await info.context.call(info.context.contexts.identity.find, user_id)
    if not isinstance(found, User):
        raise ConsentAccountUserNotFound(f"No account user has the number {user_number!r}.")
    return user_id
