"""The account user's comms preferences (`viewer { preferences }`), and the type the
updateCommsPreferences payload answers with: Kraken names them AccountUserCommsPreferences on the
read side and AccountUserCommsPreferencesType in the payload, with the same fields.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

import strawberry

from domain.accounts.account_user_profile import CommsPreferences


@strawberry.enum
class EmailFormats(Enum):
    TEXT = "TEXT"
    HTML = "HTML"


@strawberry.enum
class Songs(Enum):
    NO_SONG_PREFERRED = "NO_SONG_PREFERRED"
    SONG_hold_music_4_33_silence = "SONG_hold_music_4_33_silence"
    SONG_hold_music_holding_firm = "SONG_hold_music_holding_firm"
    SONG_1938 = "SONG_1938"
    SONG_1939 = "SONG_1939"
    SONG_1940 = "SONG_1940"
    SONG_1941 = "SONG_1941"
    SONG_1942 = "SONG_1942"
    SONG_1943 = "SONG_1943"
    SONG_1944 = "SONG_1944"
    SONG_1945 = "SONG_1945"
    SONG_1946 = "SONG_1946"
    SONG_1947 = "SONG_1947"
    SONG_1948 = "SONG_1948"
    SONG_1949 = "SONG_1949"
    SONG_1950 = "SONG_1950"
    SONG_1951 = "SONG_1951"
    SONG_1952 = "SONG_1952"
    SONG_1953 = "SONG_1953"
    SONG_1954 = "SONG_1954"
    SONG_1955 = "SONG_1955"
    SONG_1956 = "SONG_1956"
    SONG_1957 = "SONG_1957"
    SONG_1958 = "SONG_1958"
    SONG_1959 = "SONG_1959"
    SONG_1960 = "SONG_1960"
    SONG_1961 = "SONG_1961"
    SONG_1962 = "SONG_1962"
    SONG_1963 = "SONG_1963"
    SONG_1964 = "SONG_1964"
    SONG_1965 = "SONG_1965"
    SONG_1966 = "SONG_1966"
    SONG_1967 = "SONG_1967"
    SONG_1968 = "SONG_1968"
    SONG_1969 = "SONG_1969"
    SONG_1970 = "SONG_1970"
    SONG_1971 = "SONG_1971"
    SONG_1972 = "SONG_1972"
    SONG_1973 = "SONG_1973"
    SONG_1974 = "SONG_1974"
    SONG_1975 = "SONG_1975"
    SONG_1976 = "SONG_1976"
    SONG_1977 = "SONG_1977"
    SONG_1978 = "SONG_1978"
    SONG_1979 = "SONG_1979"
    SONG_1980 = "SONG_1980"
    SONG_1981 = "SONG_1981"
    SONG_1982 = "SONG_1982"
    SONG_1983 = "SONG_1983"
    SONG_1984 = "SONG_1984"
    SONG_1985 = "SONG_1985"
    SONG_1986 = "SONG_1986"
    SONG_1987 = "SONG_1987"
    SONG_1988 = "SONG_1988"
    SONG_1989 = "SONG_1989"
    SONG_1990 = "SONG_1990"
    SONG_1991 = "SONG_1991"
    SONG_1992 = "SONG_1992"
    SONG_1993 = "SONG_1993"
    SONG_1994 = "SONG_1994"
    SONG_1995 = "SONG_1995"
    SONG_1996 = "SONG_1996"
    SONG_1997 = "SONG_1997"
    SONG_1998 = "SONG_1998"
    SONG_1999 = "SONG_1999"
    SONG_2000 = "SONG_2000"
    SONG_2001 = "SONG_2001"
    SONG_2002 = "SONG_2002"
    SONG_2003 = "SONG_2003"


@strawberry.type(description="Information about the preferences set up for a user.")
class AccountUserCommsPreferencesType:
    is_opted_in_to_client_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages from the client or client group. For example, for Octopus Energy this describes whether a user is opted in to offers from Octopus Investments.",
        default=None,
    )
    is_opted_in_to_offer_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages offering discounts or other services not directly related to the services the client provides.",
        default=None,
    )
    is_opted_in_to_recommended_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages we recommend they read, but are not vital to the utilities the client provides. For example, these could be reminders that the client will take a payment.",
        default=None,
    )
    is_opted_in_to_update_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages updating them on client activities.", default=None
    )
    is_opted_in_to_third_party_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages from the client's preferred third parties.",
        default=None,
    )
    email_format: EmailFormats | None = strawberry.field(
        description="What format the user would like to receive their emails in.", default=None
    )
    is_using_inverted_email_colours: bool | None = strawberry.field(
        description="Whether a user has opted to have inverted colours in their emails. This is currently only relevant to the Octopus Energy brand, whose emails have a dark background by default.",
        default=None,
    )
    font_size_multiplier: float | None = strawberry.field(
        description="This setting allows the user to adjust the default font size of the communications sent to them.",
        default=None,
    )
    is_opted_in_meter_reading_confirmations: bool | None = strawberry.field(
        description="Whether the user has opted in to receive meter reading confirmation emails.", default=None
    )
    is_opted_in_to_sms_messages: bool | None = strawberry.field(
        description="Whether the user has opted in to receive SMS messages.", default=None
    )
    preferred_hold_music: Songs | None = strawberry.field(
        description="Song which will be used as hold music for the user.", default=None
    )

    @classmethod
    def of(cls, preferences: CommsPreferences) -> Self:
        return cls(
            is_opted_in_to_client_messages=preferences.is_opted_in_to_client_messages,
            is_opted_in_to_offer_messages=preferences.is_opted_in_to_offer_messages,
            is_opted_in_to_recommended_messages=preferences.is_opted_in_to_recommended_messages,
            is_opted_in_to_update_messages=preferences.is_opted_in_to_update_messages,
            is_opted_in_to_third_party_messages=preferences.is_opted_in_to_third_party_messages,
            email_format=EmailFormats(preferences.email_format),
            is_using_inverted_email_colours=preferences.is_using_inverted_email_colours,
            font_size_multiplier=preferences.font_size_multiplier,
            is_opted_in_meter_reading_confirmations=preferences.is_opted_in_meter_reading_confirmations,
            is_opted_in_to_sms_messages=preferences.is_opted_in_to_sms_messages,
            preferred_hold_music=Songs(preferences.preferred_hold_music),
        )


@strawberry.type(description="Information about the preferences set up for a user.")
class AccountUserCommsPreferences(AccountUserCommsPreferencesType):
    pass


async def comms_preferences(info: strawberry.Info, user_id: str) -> AccountUserCommsPreferences:
    """The user's preferences (the defaults until they set any); every user of a document in one query."""
    view = info.context.contexts.read.comms_preferences
    preferences: CommsPreferences = await info.context.loader(view.of_users).load(user_id)
    return AccountUserCommsPreferences.of(preferences)
