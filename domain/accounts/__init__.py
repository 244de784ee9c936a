"""The accounts bounded context: accounts, addresses, comms preferences and consents."""
