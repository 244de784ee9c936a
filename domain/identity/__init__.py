"""The identity bounded context: account users, Kraken Tokens, passwords and MFA."""
