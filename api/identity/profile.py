"""The identity context's mutations about the account user's own details: checks, emails, names, LINE."""

from __future__ import annotations

from typing import Any

import strawberry

from api.context import RequestContext
from api.identity.inputs import (
    LinkUserToLineInput,
    RegisterEmailInput,
    UpdateAccountUserMutationInput,
    UpdateBlackholeEmailInput,
    UpdateUserInput,
    VerifyIdentityFallbackInput,
    VerifyIdentityInput,
)
from api.identity.types import (
    AlreadyLinkedError,
    BlackholeEmailAccountType,
    BlackholeEmailAccountUserType,
    ErrorType,
    LineLinkErrorType,
    LineLinkRedirectResponse,
    LineUnlinkedResponse,
    LinkTokenNotFound,
    LinkUserToLineResponse,
    RegisterEmail,
    UnlinkUserFromLineResponse,
    UpdateAccountUserMutationPayload,
    UpdateBlackholeEmail,
    UpdateUserMutation,
    VerifyIdentity,
    VerifyIdentityFallback,
)
from api.mutation import kraken_mutation
from api.shared.types import AccountUserType
from domain.identity import commands
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    IdentityDetailsMismatch,
    PasswordResetEmailNotSent,
    RegistrationAccountNotFound,
    UserAlreadyHasEmail,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.identity.profile import VERIFIED_SCOPE
from domain.identity.user import User
from domain.shared.catalogue import (
    InputInvalid,
    TooManyOperations,
    TooManyRequests,
    Unauthorized,
)

Info = strawberry.Info[RequestContext, None]


def _given(value: Any) -> Any:
    """An omitted input field (UNSET) and null both leave the detail as it is."""
    return None if value is strawberry.UNSET else value


def account_user(user: User) -> AccountUserType:
    """The payload's viewer, fresh from the aggregate the mutation just changed."""
    return AccountUserType(
        id=strawberry.ID(str(user.id)),
        given_name=user.given_name,
        family_name=user.family_name,
        email=user.email,
        mobile=user.mobile,
        landline=user.landline,
        title=user.title or None,
        pronouns=user.pronouns or None,
        date_of_birth=user.date_of_birth,
        is_deceased=False,
        full_name=f"{user.given_name} {user.family_name}",
    )


def _update_user_command(kind: type[commands.UpdateUser], user_id: Any, input: Any) -> commands.UpdateUser:
    return kind(
        user_id=user_id,
        given_name=_given(input.given_name),
        family_name=_given(input.family_name),
        pronouns=_given(input.pronouns),
        email=_given(input.email),
        mobile=_given(input.mobile),
        landline=_given(input.landline),
        date_of_birth=_given(input.date_of_birth),
        title=_given(getattr(input, "title", None)),
    )


@strawberry.type
class ProfileMutations:
    @kraken_mutation(
        errors=(IdentityDetailsMismatch, TooManyRequests, TooManyOperations),
        auth=False,
        invalid=IdentityDetailsMismatch,
        description="Provide identifying information about an account and user to get a scoped token that will permit access to associate an email address with the account\u2019s user.",
    )
    async def verify_identity(self, info: Info, input: VerifyIdentityInput) -> VerifyIdentity | None:
        command = commands.VerifyIdentity(
            client=info.context.client,
            account_number=input.account_number,
            full_name=input.full_name,
            first_line_of_address=input.first_line_of_address,
            postcode=input.postcode,
        )
        token = await info.context.call(info.context.contexts.identity.verify_identity, command)
        return VerifyIdentity(token=token)

    @kraken_mutation(
        errors=(IdentityDetailsMismatch, TooManyRequests, TooManyOperations),
        auth=False,
        invalid=IdentityDetailsMismatch,
        description="Verify the identity of a user by checking their family name, first line of address and postcode. This is a fallback mutation that should only be used if the user does not have an account number or account user ID.",
    )
    async def verify_identity_fallback(
        self, info: Info, input: VerifyIdentityFallbackInput
    ) -> VerifyIdentityFallback | None:
        command = commands.VerifyIdentityFallback(
            client=info.context.client,
            family_name=input.family_name,
            first_line_of_address=input.first_line_of_address,
            postcode=input.postcode,
        )
        token = await info.context.call(info.context.contexts.identity.verify_identity_fallback, command)
        return VerifyIdentityFallback(token=token)

    @kraken_mutation(
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
            RegistrationAccountNotFound,
        ),
        auth=True,
        invalid=BlackholeEmailUpdateInvalid,
        scopes=(VERIFIED_SCOPE,),
        description="Registers the email of a user in the registration journey who currently has a placeholder (blackhole) email.",
    )
    async def register_email(self, info: Info, input: RegisterEmailInput) -> RegisterEmail | None:
        viewer = info.context.viewer()
        command = commands.RegisterEmail(
            client=info.context.client, user_id=viewer.id, account_number=input.account_number, email=input.email
        )
        user = await info.context.call(info.context.contexts.identity.register_email, command)
        return RegisterEmail(
            blackhole_email_account_user=BlackholeEmailAccountUserType(id=strawberry.ID(str(user.id)), email=user.email)
        )

    @kraken_mutation(
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
        ),
        auth=True,
        invalid=BlackholeEmailUpdateInvalid,
        scopes=(VERIFIED_SCOPE,),
        description="Update the email address of an account user that currently has a blackhole email.",
    )
    async def update_blackhole_email(self, info: Info, input: UpdateBlackholeEmailInput) -> UpdateBlackholeEmail | None:
        viewer = info.context.viewer()
        command = commands.UpdateBlackholeEmail(client=info.context.client, user_id=viewer.id, email=input.email)
        user = await info.context.call(info.context.contexts.identity.update_blackhole_email, command)
        return UpdateBlackholeEmail(
            blackhole_email_account_user=BlackholeEmailAccountUserType(
                id=strawberry.ID(str(user.id)), email=user.email
            ),
            # Billing emails belong to the accounts context, which this mutation does not change.
            blackhole_email_account=BlackholeEmailAccountType(number=user.account_numbers[0])
            if user.account_numbers
            else None,
        )

    @kraken_mutation(
        errors=(UserDetailsInvalid, UserEmailAlreadyInUse),
        auth=True,
        invalid=UserDetailsInvalid,
        description="Update the account user details of the authenticated user. Only one name field can be updated per day, other fields can be updated freely. This prevents users from switching accounts to someone else (usually when moving homes). All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
    )
    async def update_user(self, info: Info, input: UpdateUserInput) -> UpdateUserMutation | None:
        viewer = info.context.viewer()
        # A user token acts on its own user only (Kraken's userId is for organisation tokens).
        if _given(input.user_id) not in (None, str(viewer.id)):
            raise Unauthorized("The viewer may only update their own details.")
        command = _update_user_command(commands.UpdateUser, viewer.id, input)
        user = await info.context.call(info.context.contexts.identity.update_user, command)
        return UpdateUserMutation(viewer=account_user(user))

    @kraken_mutation(
        errors=(),
        auth=True,
        # The seed lists no codes for it (it reports refusals by field in `errors`): Kraken's generic one.
        invalid=InputInvalid,
        description="DEPRECATED: Please use updateUser instead Update the account user details of the authenticated user. Only one field can be updated per day. This prevents users from switching accounts to someone else (usually when moving homes) All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
        deprecation_reason="The 'updateUserDetails' field is deprecated. Please use `updateUser` instead.",
    )
    async def update_user_details(
        self, info: Info, input: UpdateAccountUserMutationInput
    ) -> UpdateAccountUserMutationPayload | None:
        viewer = info.context.viewer()
        command = _update_user_command(commands.UpdateUserDetails, viewer.id, input)
        client_mutation_id = _given(input.client_mutation_id)
        try:
            user = await info.context.call(info.context.contexts.identity.update_user_details, command)
        except (UserDetailsInvalid, UserEmailAlreadyInUse) as refused:
            # This older (Relay-style) mutation answers refusals in its payload's `errors`, as
            # field/messages pairs; the seed gives it no error codes of its own.
            fields = [problem.input_path[-1] for problem in refused.problems] or ["email"]
            errors: list[ErrorType | None] = [ErrorType(field=field, messages=[refused.detail]) for field in fields]
            return UpdateAccountUserMutationPayload(errors=errors, client_mutation_id=client_mutation_id)
        return UpdateAccountUserMutationPayload(
            given_name=user.given_name,
            family_name=user.family_name,
            pronouns=user.pronouns,
            mobile=user.mobile,
            email=user.email,
            date_of_birth=user.date_of_birth,
            landline=user.landline,
            errors=[],
            client_mutation_id=client_mutation_id,
        )

    @kraken_mutation(
        errors=(),
        auth=True,
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Link an account user and line user together.",
    )
    async def link_user_to_line(self, info: Info, input: LinkUserToLineInput) -> LinkUserToLineResponse:
        viewer = info.context.viewer()
        command = commands.LinkUserToLine(user_id=viewer.id, link_token=input.link_token)
        outcome = await info.context.call(info.context.contexts.identity.link_user_to_line, command)
        if outcome.redirect_url is not None:
            return LineLinkRedirectResponse(redirect_url=outcome.redirect_url)
        if outcome.refusal == "ALREADY_LINKED":
            return AlreadyLinkedError(type=LineLinkErrorType.ALREADY_LINKED)
        return LinkTokenNotFound(type=LineLinkErrorType.NO_MATCHING_LINE_LINK)

    @kraken_mutation(
        errors=(),
        auth=True,
        description="Unlink an account user and line together.",
    )
    async def unlink_user_from_line(self, info: Info) -> UnlinkUserFromLineResponse:
        viewer = info.context.viewer()
        command = commands.UnlinkUserFromLine(user_id=viewer.id)
        unlinked = await info.context.call(info.context.contexts.identity.unlink_user_from_line, command)
        if not unlinked:
            return LinkTokenNotFound(type=LineLinkErrorType.NO_MATCHING_LINE_LINK)
        return LineUnlinkedResponse(message="Your account is no longer linked to LINE.")
