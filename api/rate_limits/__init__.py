"""Kraken's points allowance: what each viewer's requests cost per window, enforced once per request."""
