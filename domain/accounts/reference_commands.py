"""Accounts commands about references: external systems' identifiers attached to accounts.

A reference value is unique within its namespace: the account and the ReferenceClaim at an id
derived from (namespace, value) are saved together, so of two accounts claiming one value at once
exactly one save succeeds; the other decides again and finds the value taken (KT-CT-8311).
"""

from __future__ import annotations

from typing import Any

from domain.accounts import commands
from domain.accounts.account import Account, AccountReference
from domain.accounts.errors import AccountReferenceValueInvalid
from domain.accounts.reference_claim import ReferenceClaim
from domain.shared.application import ContextApplication
from domain.shared.catalogue import AccountAccessDenied


class ReferenceCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py)."""

    def create_account_reference(self, command: commands.CreateAccountReference) -> AccountReference:
        def decide() -> tuple[AccountReference, list[Any]]:
            account = self._referenced_account(command.account_number)
            # A namespace or value not allowed is refused as such, before its claim is looked up.
            Account.check_reference(command.namespace, command.value)
            claim = self._claim(command.namespace, command.value, account.number)
            reference = account.attach_reference(command.namespace, command.value, at=self.clock.now())
            return reference, [account, claim]

        return self.decide(decide)

    def update_account_reference(self, command: commands.UpdateAccountReference) -> AccountReference:
        def decide() -> tuple[AccountReference, list[Any]]:
            account = self._referenced_account(command.account_number)
            Account.check_reference(command.namespace, command.value)
            current = account.references.get(command.namespace)
            if current is None or current.value == command.value:
                # No reference to change (KT-CT-8311), or nothing changes: no claim moves.
                return account.change_reference(command.namespace, command.value, at=self.clock.now()), []
            claim = self._claim(command.namespace, command.value, account.number)
            old: ReferenceClaim | None = self.find(ReferenceClaim.id_for(command.namespace, current.value))
            reference = account.change_reference(command.namespace, command.value, at=self.clock.now())
            changed: list[Any] = [account, claim]
            if old is not None and not old.held_by_another(account.number):
                old.release()
                changed.append(old)
            return reference, changed

        return self.decide(decide)

    def _referenced_account(self, number: str) -> Account:
        account: Account | None = self.find(Account.id_for(number))
        if account is None:
            # An organisation may name any account; one that does not exist is refused like a stranger's.
            raise AccountAccessDenied(f"No account {number}.")
        return account

    def _claim(self, namespace: str, value: str, account_number: str) -> ReferenceClaim:
        """The claim of `value` in `namespace` for the account, new or taken over; KT-CT-8311 when another holds it."""
        claim: ReferenceClaim | None = self.find(ReferenceClaim.id_for(namespace, value))
        if claim is None:
            return ReferenceClaim.claim(namespace, value, account_number)
        if claim.held_by_another(account_number):
            raise AccountReferenceValueInvalid(f"The value is already used in {namespace} by another account.")
        if claim.released:
            claim.reclaim(account_number)
        return claim
