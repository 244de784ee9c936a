"""The Priority Services Register catalogue: the special circumstances a user may record, by internal code.

The codes are those of Kraken's GB `UpdateSpecialCircumstancesInput`. A permanent need applies until
the user removes it; a temporary one applies up to and including its expiry date, so it must have one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PsrNeed:
    code: str
    summary: str
    temporary: bool = False


_NEEDS = (
    PsrNeed("blind", "Blind"),
    PsrNeed("partialSighted", "Partially sighted"),
    PsrNeed("hearingImpairment", "Hearing impairment"),
    PsrNeed("speechImpairment", "Speech impairment"),
    PsrNeed("dementia", "Dementia"),
    PsrNeed("mentalHealth", "Mental health condition"),
    PsrNeed("developmentalCondition", "Developmental condition"),
    PsrNeed("chronicSeriousIllness", "Chronic or serious illness"),
    PsrNeed("kidneyDialysis", "Kidney dialysis"),
    PsrNeed("heartLungMachine", "Heart or lung machine"),
    PsrNeed("oxygenUse", "Oxygen use"),
    PsrNeed("nebuliser", "Nebuliser"),
    PsrNeed("medicineRefrigeration", "Medicine needs refrigeration"),
    PsrNeed("stairLift", "Stair lift, hoist or electric bed"),
    PsrNeed("waterDependent", "Dependent on water (e.g. a medical condition needing water)"),
    PsrNeed("restrictedMovement", "Restricted movement"),
    PsrNeed("physicalImpairment", "Physical impairment"),
    PsrNeed("elderly", "Pensionable age"),
    PsrNeed("foreignLanguageSpeaker", "Speaks a language other than English"),
    PsrNeed("usePasswordToIdentify", "Wants callers to give a password"),
    PsrNeed("familiesWithYoungChildren5OrUnder", "Families with young children 5 or under", temporary=True),
    PsrNeed("temporaryLifeChanges", "Temporary life changes", temporary=True),
    PsrNeed("temporaryPostHospitalRecovery", "Temporary post-hospital recovery", temporary=True),
    PsrNeed("temporaryYoungAdultHouseholder", "Temporary young adult householder", temporary=True),
)

PSR_NEEDS: dict[str, PsrNeed] = {need.code: need for need in _NEEDS}
