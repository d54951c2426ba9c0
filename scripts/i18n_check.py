"""Counts the msgids of i18n/commerce_bridge.pot that each translation lacks.

    python3 scripts/i18n_check.py            # every i18n/*.po
    python3 scripts/i18n_check.py -v         # also lists the missing msgids
    python3 scripts/i18n_check.py ar         # one language

A msgid is missing from a .po when the .po does not hold it, holds it with an empty msgstr, or
holds it marked fuzzy. The check also refuses a translation that loses or adds a placeholder
(%s, %(name)s, {name}) or an HTML tag, or changes the leading/trailing spaces of its msgid,
since Odoo would show such a message broken. Exits 1 when anything is missing or wrong.
Standard library only (no polib needed).
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
POT = I18N / "commerce_bridge.pot"

PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrx%]|%[sdifr%]|\{[A-Za-z_0-9]*\}"
)
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b")


def _unquote(text):
    return ast.literal_eval(text) if text.startswith('"') else ""


def parse(path):
    """{(msgctxt, msgid): (msgstr, fuzzy)} of a .po/.pot; the header entry left out."""
    entries = {}
    current = {}
    field = None
    fuzzy = False

    def flush():
        nonlocal current, fuzzy
        if "msgid" in current and current["msgid"]:
            plural = current.get("msgstr[0]")
            msgstr = current.get("msgstr", plural or "")
            entries[(current.get("msgctxt"), current["msgid"])] = (msgstr, fuzzy)
        current = {}
        fuzzy = False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            continue  # obsolete
        if line.startswith("#,"):
            if "msgid" in current and field and field.startswith("msgstr"):
                flush()
            fuzzy = "fuzzy" in line
            continue
        if not line or line.startswith("#"):
            if "msgid" in current and field and field.startswith("msgstr"):
                flush()
                field = None
            continue
        if line.startswith('"'):
            if field:
                current[field] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and field and field.startswith("msgstr"):
            saved = fuzzy
            flush()
            fuzzy = saved
        field = keyword
        current[field] = _unquote(rest.strip())
    if "msgid" in current:
        flush()
    return entries


def problems(msgid, msgstr):
    found = []
    if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)):
        found.append("placeholders differ")
    if sorted(TAG.findall(msgid)) != sorted(TAG.findall(msgstr)):
        found.append("HTML tags differ")
    for name, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
        if len(msgid) - len(strip(msgid, " ")) != len(msgstr) - len(strip(msgstr, " ")):
            found.append(f"{name} spaces differ")
    return found


def main(argv):
    verbose = "-v" in argv
    langs = [arg for arg in argv if not arg.startswith("-")]
    if not POT.exists():
        print(f"{POT} is missing: run scripts/i18n_refresh.sh")
        return 1
    template = parse(POT)
    files = [I18N / f"{lang}.po" for lang in langs] if langs else sorted(I18N.glob("*.po"))
    if not files:
        print("no translation (i18n/*.po) found")
        return 1
    bad_total = 0
    print(f"{POT.relative_to(ROOT)}: {len(template)} msgids")
    for path in files:
        if not path.exists():
            print(f"{path.relative_to(ROOT)}: missing file")
            bad_total += 1
            continue
        translated = parse(path)
        missing = [
            key
            for key in template
            if key not in translated or not translated[key][0] or translated[key][1]
        ]
        broken = []
        for key in template:
            if key in translated and translated[key][0] and not translated[key][1]:
                issues = problems(key[1], translated[key][0])
                if issues:
                    broken.append((key, issues))
        stale = [key for key in translated if key not in template]
        done = len(template) - len(missing)
        print(
            f"{path.relative_to(ROOT)}: {done} of {len(template)} translated, "
            f"{len(missing)} untranslated, {len(broken)} with broken placeholders/tags/spaces"
            + (f", {len(stale)} not in the template (run scripts/i18n_refresh.sh)" if stale else "")
        )
        if verbose:
            for key in missing:
                print(f"    untranslated: {key[1]!r}")
        for key, issues in broken:
            print(f"    {', '.join(issues)}: {key[1]!r}")
        bad_total += len(missing) + len(broken)
    return 1 if bad_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
