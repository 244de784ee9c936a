"""The identity context's mutations, one module each, merged in the wire contract's order: the API
server's, and the auth server's (the viewer's MFA devices, on POST /graphql/)."""

from __future__ import annotations

from strawberry.tools import merge_types

from api.identity.mutations.create_mfa_device import CreateMfaDeviceMutation
from api.identity.mutations.delete_mfa_device import DeleteMfaDeviceMutation
from api.identity.mutations.erase_account_user import EraseAccountUserMutation
from api.identity.mutations.force_reauthentication import ForceReauthenticationMutation
from api.identity.mutations.invalidate_pre_signed_token import InvalidatePreSignedTokenMutation
from api.identity.mutations.link_user_to_line import LinkUserToLineMutation
from api.identity.mutations.masquerade_authentication import MasqueradeAuthenticationMutation
from api.identity.mutations.obtain_kraken_token import ObtainKrakenTokenMutation
from api.identity.mutations.regenerate_secret_key import RegenerateSecretKeyMutation
from api.identity.mutations.register_email import RegisterEmailMutation
from api.identity.mutations.request_password_reset import RequestPasswordResetMutation
from api.identity.mutations.reset_password import ResetPasswordMutation
from api.identity.mutations.reset_user_password import ResetUserPasswordMutation
from api.identity.mutations.send_pre_signed_token_email import SendPreSignedTokenEmailMutation
from api.identity.mutations.unlink_user_from_line import UnlinkUserFromLineMutation
from api.identity.mutations.update_blackhole_email import UpdateBlackholeEmailMutation
from api.identity.mutations.update_email_and_password import UpdateEmailAndPasswordMutation
from api.identity.mutations.update_password import UpdatePasswordMutation
from api.identity.mutations.update_user import UpdateUserMutation
from api.identity.mutations.update_user_details import UpdateUserDetailsMutation
from api.identity.mutations.validate_mfa_device import ValidateMfaDeviceMutation
from api.identity.mutations.verify_identity import VerifyIdentityMutation
from api.identity.mutations.verify_identity_fallback import VerifyIdentityFallbackMutation

IdentityMutations = merge_types(
    "IdentityMutations",
    (
        ForceReauthenticationMutation,
        InvalidatePreSignedTokenMutation,
        ObtainKrakenTokenMutation,
        SendPreSignedTokenEmailMutation,
        RequestPasswordResetMutation,
        ResetPasswordMutation,
        ResetUserPasswordMutation,
        UpdatePasswordMutation,
        UpdateEmailAndPasswordMutation,
        VerifyIdentityMutation,
        VerifyIdentityFallbackMutation,
        RegisterEmailMutation,
        UpdateBlackholeEmailMutation,
        UpdateUserMutation,
        UpdateUserDetailsMutation,
        LinkUserToLineMutation,
        UnlinkUserFromLineMutation,
        MasqueradeAuthenticationMutation,
        RegenerateSecretKeyMutation,
        EraseAccountUserMutation,
    ),
)

AuthServerMutations = merge_types(
    "AuthServerMutations", (CreateMfaDeviceMutation, DeleteMfaDeviceMutation, ValidateMfaDeviceMutation)
)
