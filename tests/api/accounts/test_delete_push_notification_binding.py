"""deletePushNotificationBinding: the viewer unbinds their own device token, once."""

from __future__ import annotations

from tests.api.accounts.test_register_push_notification_binding import delete, register
from tests.helpers import GraphQL, refused_with


def test_the_viewer_deletes_their_binding(backend: str, gql: GraphQL, ada: str) -> None:
    # given
    register(gql, ada)
    # when / then
    assert delete(gql, ada) == {"data": {"deletePushNotificationBinding": {"status": "SUCCESSFUL"}}}


def test_a_second_delete_is_kt_ct_5411(gql: GraphQL, ada: str) -> None:
    register(gql, ada)
    delete(gql, ada)
    refused_with(delete(gql, ada), "KT-CT-5411")


def test_a_token_registered_again_after_its_deletion_can_be_deleted_again(gql: GraphQL, ada: str) -> None:
    register(gql, ada)
    delete(gql, ada)
    register(gql, ada)
    assert delete(gql, ada)["data"]["deletePushNotificationBinding"]["status"] == "SUCCESSFUL"


def test_an_unknown_token_is_kt_ct_5411(gql: GraphQL, ada: str) -> None:
    refused_with(delete(gql, ada, device="never-registered"), "KT-CT-5411")


def test_another_user_s_token_is_kt_ct_5411(gql: GraphQL, ada: str, grace_token: str) -> None:
    # given
    register(gql, grace_token)
    # when / then
    refused_with(delete(gql, ada), "KT-CT-5411")
    assert delete(gql, grace_token)["data"]["deletePushNotificationBinding"]["status"] == "SUCCESSFUL"


def test_an_over_long_token_is_kt_ct_4321(gql: GraphQL, ada: str) -> None:
    refused_with(delete(gql, ada, device="x" * 1025), "KT-CT-4321")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(delete(gql, None), "KT-CT-1112")
