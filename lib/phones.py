"""Phone numbers to E.164 with phonenumbers, refusing what only looks like a number.

phonenumbers reads a letter 'x' as an extension marker, so '+90 555XXX0000' would parse as
+90555 with extension 0000: numbers with an extension are refused. 'Possible' (right length
for the country) is enough to send; 'valid' (an allocated range) is recorded so that the
administrator can require it.
"""

from dataclasses import dataclass

import phonenumbers

REASONS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "invalid country code",
    phonenumbers.ValidationResult.TOO_SHORT: "too short",
    phonenumbers.ValidationResult.TOO_LONG: "too long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "invalid length",
}


@dataclass(frozen=True)
class PhoneResult:
    e164: str | None
    possible: bool
    valid: bool
    reason: str | None = None

    def usable(self, require_valid=False):
        return bool(self.e164) and self.possible and (self.valid or not require_valid)


def _refused(reason):
    return PhoneResult(None, False, False, reason)


def normalize_phone(raw, default_region=None):
    if raw is None or not str(raw).strip():
        return _refused("empty")
    text = str(raw).strip()
    region = (default_region or "").upper() or None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        return _refused(f"not a number ({error.args[0] if error.args else error})")
    if number.extension:
        return _refused("has an extension (letters or 'x' in the number?)")
    possibility = phonenumbers.is_possible_number_with_reason(number)
    if possibility not in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return _refused(REASONS.get(possibility, "not a possible number"))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    valid = phonenumbers.is_valid_number(number)
    return PhoneResult(e164, True, valid, None if valid else "not in an allocated number range")
